"""The ORM vocabularies: SQLAlchemy, SQLModel and Django names for columns, relationships, loaders, lookups and async APIs."""

from __future__ import annotations

SA_RELATIONSHIP = {"relationship", "relation", "dynamic_loader"}


SA_COLUMN = {"Column", "mapped_column", "column"}


SA_PROPERTY = {"synonym", "column_property", "composite", "association_proxy", "query_expression", "deferred"}


DJANGO_FK = {"ForeignKey": False, "OneToOneField": True, "ParentalKey": False}


DJANGO_M2M = {"ManyToManyField", "ParentalManyToManyField"}


DJANGO_OPAQUE = {
    "JSONField",
    "HStoreField",
    "ArrayField",
    "IntegerRangeField",
    "DateTimeRangeField",
    "DateRangeField",
    "DecimalRangeField",
    "BigIntegerRangeField",
    "SearchVectorField",
}


EAGER = {"selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql", "noload", "dynamic", "write_only", "selectinload"}


LOADER_OPTIONS = {
    "selectinload",
    "joinedload",
    "subqueryload",
    "immediateload",
    "contains_eager",
    "defaultload",
    "raiseload",
    "lazyload",
    "noload",
    "load_only",
    "undefer",
    "defer",
}


DJANGO_LOOKUPS = {
    "exact",
    "iexact",
    "contains",
    "icontains",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "range",
    "isnull",
    "regex",
    "iregex",
    "date",
    "year",
    "month",
    "day",
    "week",
    "week_day",
    "iso_week_day",
    "quarter",
    "time",
    "hour",
    "minute",
    "second",
    "iso_year",
    "search",
    "unaccent",
    "trigram_similar",
    "overlap",
    "contained_by",
    "has_key",
    "has_keys",
    "has_any_keys",
    "len",
    "lower",
    "upper",
}


DJANGO_USER_FIELDS = {
    "AbstractUser": (
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "groups",
        "user_permissions",
    ),
    "AbstractBaseUser": ("id", "password", "last_login"),
    "PermissionsMixin": ("is_superuser", "groups", "user_permissions"),
}


DJANGO_USER_ATTRS = {
    "USERNAME_FIELD",
    "EMAIL_FIELD",
    "REQUIRED_FIELDS",
    "is_anonymous",
    "is_authenticated",
    "set_password",
    "check_password",
    "set_unusable_password",
    "has_usable_password",
    "get_username",
    "natural_key",
    "get_full_name",
    "get_short_name",
    "email_user",
    "normalize_username",
    "get_email_field_name",
    "has_perm",
    "has_perms",
    "has_module_perms",
    "get_all_permissions",
    "get_user_permissions",
    "get_group_permissions",
    "clean",
    "get_session_auth_hash",
    "is_active",
}


# External bases whose (few) attributes we know, so models using them stay checkable.
KNOWN_MIXINS = {
    "AsyncAttrs": {"awaitable_attrs"},
    "UserMixin": {"is_active", "is_authenticated", "is_anonymous", "get_id"},
    "MappedAsDataclass": set(),
    "Generic": set(),
    "ABC": set(),
    "object": set(),
}


SA_STANDARD = {"query", "query_class", "metadata", "registry", "c", "awaitable_attrs", "type_annotation_map"}


SQLMODEL_STANDARD = {
    "metadata",
    "dict",
    "json",
    "copy",
    "from_orm",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "schema",
    "schema_json",
    "validate",
    "construct",
    "update_forward_refs",
    "sqlmodel_update",
    "registry",
}


DJANGO_STANDARD = {
    "objects",
    "DoesNotExist",
    "MultipleObjectsReturned",
    "pk",
    "save",
    "asave",
    "delete",
    "adelete",
    "refresh_from_db",
    "arefresh_from_db",
    "full_clean",
    "clean",
    "clean_fields",
    "validate_unique",
    "validate_constraints",
    "get_deferred_fields",
    "from_db",
    "serializable_value",
    "save_base",
    "check",
    "get_constraints",
    "prepare_database_save",
    "unique_error_message",
    "date_error_message",
    "_meta",
    "_default_manager",
    "_base_manager",
    "_state",
    "_do_update",
    "_do_insert",
}


SESSION_AWAITABLE = {
    "execute",
    "commit",
    "refresh",
    "get",
    "get_one",
    "scalar",
    "scalars",
    "flush",
    "delete",
    "close",
    "rollback",
    "merge",
    "stream",
    "stream_scalars",
    "run_sync",
    "connection",
    "invalidate",
    "reset",
}


DJANGO_EVALUATING = {
    "get": "aget",
    "create": "acreate",
    "get_or_create": "aget_or_create",
    "update_or_create": "aupdate_or_create",
    "count": "acount",
    "exists": "aexists",
    "first": "afirst",
    "last": "alast",
    "update": "aupdate",
    "delete": "adelete",
    "aggregate": "aaggregate",
    "bulk_create": "abulk_create",
    "bulk_update": "abulk_update",
    "in_bulk": "ain_bulk",
    "earliest": "aearliest",
    "latest": "alatest",
    "iterator": "aiterator",
    "contains": "acontains",
    "explain": "aexplain",
}


DJANGO_QS_CHAIN = {
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "annotate",
    "alias",
    "distinct",
    "only",
    "defer",
    "using",
    "reverse",
    "none",
    "values",
    "values_list",
    "select_for_update",
}


DJANGO_INSTANCE_ASYNC = {"save": "asave", "delete": "adelete", "refresh_from_db": "arefresh_from_db"}
