"""The plan document (``headway docs``): content built once here, rendered by ``render/plan_doc_*``."""

from headway.reports.plan_doc.build import build_document
from headway.reports.plan_doc.content import PlanDocument

__all__ = ["PlanDocument", "build_document"]
