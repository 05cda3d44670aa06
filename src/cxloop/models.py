"""Imports every domain's tables so that Alembic and the test suite see the whole schema."""

from cxloop.accounts import models as accounts_models
from cxloop.analysis import models as analysis_models
from cxloop.cases import models as cases_models
from cxloop.core.db import Base
from cxloop.customers import models as customers_models
from cxloop.feedback import models as feedback_models
from cxloop.incidents import models as incidents_models
from cxloop.metrics import models as metrics_models
from cxloop.org import models as org_models

__all__ = [
    "Base",
    "accounts_models",
    "analysis_models",
    "cases_models",
    "customers_models",
    "feedback_models",
    "incidents_models",
    "metrics_models",
    "org_models",
]
