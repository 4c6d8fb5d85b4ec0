"""Sequelize's associations and the ``include`` items that eager-load them, read from the parsed code.

``Article.belongsTo(User, { as: 'author' })`` lets a query of articles include
``{ model: User, as: 'author' }``; an include whose model and alias no association declares fails
at query time (``SequelizeEagerLoadingError: User is associated to Article using an alias. You've
included an alias (writer), but it does not match the alias(es) defined in your association
(author).``). Models are named by the last part of the expression that holds them (``User``,
``this.User``, ``models.User`` are all ``User``). :mod:`rootcause.code.js.checks` compares the two
over the whole project (OR210).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rootcause.code.js.parse import node_text as _text
from rootcause.code.js.parse import string_value as _string

if TYPE_CHECKING:
    import tree_sitter


@dataclass(frozen=True, slots=True)
class Association:
    """``source.kind(target, { as: alias })`` at ``line``."""

    source: str
    kind: str
    target: str
    alias: str | None
    line: int


@dataclass(frozen=True, slots=True)
class IncludeItem:
    """An include item: ``{ model: target, as: alias }`` or ``{ association: alias }``."""

    target: str | None
    alias: str | None
    line: int
    column: int


def _model_name(node: "tree_sitter.Node | None") -> str | None:
    """``User``, ``this.User``, ``models.User`` -> ``User``; None for anything else (a call, a literal)."""
    if node is None:
        return None
    if node.type == "identifier":
        return _text(node)
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return _text(prop) if prop is not None and prop.type == "property_identifier" else None
    return None


def _pairs(obj: "tree_sitter.Node") -> "dict[str, tree_sitter.Node]":
    out = {}
    for pair in obj.named_children:
        if pair.type == "pair":
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            name = (_string(key) if key.type == "string" else _text(key)) if key is not None and key.type in ("property_identifier", "string") else None
            if name is not None and value is not None:
                out[name] = value
        elif pair.type == "shorthand_property_identifier":
            out[_text(pair)] = pair
    return out


def associations(found: "list[dict[str, list[tree_sitter.Node]]]") -> list[Association]:
    """The associations the index's ``association`` matches declare (those whose models and alias can be read)."""
    out = []
    for captures in found:
        source, target, call = _model_name(captures["source"][0]), _model_name(captures["target"][0]), captures["call"][0]
        if source is None or target is None:
            continue
        args = call.child_by_field_name("arguments")
        options = args.named_children[1] if args is not None and len(args.named_children) > 1 else None
        alias: str | None = None
        if options is not None:
            if options.type != "object":
                continue  # options built elsewhere: the alias cannot be told
            value = _pairs(options).get("as")
            if value is not None:
                alias = _string(value)
                if alias is None:
                    continue
        out.append(Association(source, _text(captures["kind"][0]), target, alias, call.start_point.row + 1))
    return out


def include_items(found: "list[dict[str, list[tree_sitter.Node]]]") -> list[IncludeItem]:
    """Include items with a literal model and alias (``{ model: User, as: 'author' }``, ``{ association: 'tags' }``)."""
    out = {}
    for captures in found:
        item = captures["item"][0]
        pairs = _pairs(item)
        if "association" in pairs:
            alias = _string(pairs["association"])
            target = None
        else:
            target = _model_name(pairs.get("model"))
            alias_node = pairs.get("as")
            alias = _string(alias_node) if alias_node is not None else None
            if target is None or (alias_node is not None and alias is None):
                continue
        if "association" in pairs and alias is None:
            continue
        row, column = item.start_point
        out[item.id] = IncludeItem(target, alias, row + 1, column + 1)
    return list(out.values())


def _plural(name: str) -> str:
    """English plural as Sequelize's inflection makes it for the common cases (``Category`` -> ``Categories``)."""
    if name.endswith("y") and name[-2:-1] not in ("a", "e", "i", "o", "u"):
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    return name + "s"


def _default_aliases(association: Association) -> set[str]:
    """The names Sequelize gives an association declared without ``as``: the model's name, singular
    or plural, case kept (``hasMany(Comment)`` is ``Comments``; ``as: 'comments'`` does not match it).
    Both plural spellings are accepted, so an unusual inflection is never reported."""
    name = association.target
    return {name, name + "s", _plural(name)}


def undeclared(item: IncludeItem, declared: list[Association]) -> str | None:
    """Why no declared association can be what ``item`` includes (a sentence), or None when one can."""
    if item.target is None:  # { association: 'alias' }
        if any(a.alias == item.alias or (a.alias is None and item.alias in _default_aliases(a)) for a in declared):
            return None
        aliases = sorted({a.alias for a in declared if a.alias})
        return f"no association is declared with the alias {item.alias!r} (declared: {', '.join(aliases[:10]) or 'none'})"
    to_target = [a for a in declared if a.target == item.target]
    if not to_target:
        if not any(a.source == item.target for a in declared):
            return None  # a model the associations never mention: perhaps declared in a form not read here
        return f"{item.target} is associated to no model (no hasMany/hasOne/belongsTo/belongsToMany targets it)"
    if item.alias is None:
        if any(a.alias is None for a in to_target):
            return None
        aliases = sorted({a.alias for a in to_target if a.alias})
        return f"{item.target} is associated using an alias ({', '.join(aliases)}), and the include gives none (Sequelize needs 'as')"
    if any(a.alias == item.alias or (a.alias is None and item.alias in _default_aliases(a)) for a in to_target):
        return None
    aliases = sorted({a.alias for a in to_target if a.alias})
    return f"the alias {item.alias!r} matches no association to {item.target} (declared: {', '.join(aliases) or 'none, without an alias'})"
