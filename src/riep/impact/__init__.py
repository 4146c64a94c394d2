"""Impact analysis in the platform: panels, analyses attached to projects and gains, their pages, API and job.

The counterfactual engine itself (synthetic control, placebo inference, difference-in-differences) is the
Django-free sub-package `riep.impact.engine`; everything else in this package is the platform layer around it.
"""
