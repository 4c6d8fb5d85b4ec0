"""The rule set: one module per taxonomy family, gathered in an explicit RULES tuple."""

from rootcause.rules import agent, auth, catalogue, contract, data, framework, incomplete, logic, startup, static, structure, xfile
from rootcause.rules.base import Rule, Verdict, apply_rules, describe, rule

RULES: tuple[Rule, ...] = (
    *startup.RULES,
    *xfile.RULES,
    *static.RULES,
    *data.RULES,
    *framework.RULES,
    *auth.RULES,
    *incomplete.RULES,
    *contract.RULES,
    *logic.RULES,
    *structure.RULES,
    *agent.RULES,
    *catalogue.RULES,
)


def get_rule(code_or_name: str) -> Rule:
    for r in RULES:
        if code_or_name in (r.code, r.name):
            return r
    raise KeyError(code_or_name)


__all__ = ["RULES", "Rule", "Verdict", "apply_rules", "describe", "get_rule", "rule"]
