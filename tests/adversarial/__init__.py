"""Adversarial inputs (issue 9, sections 2 and 4): one test per hazard, each asserting the exact safe outcome."""
