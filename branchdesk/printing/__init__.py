"""Printed forms: PDF rendering with reportlab, returning bytes.

Import the submodules you need (``branchdesk.printing.visit_form`` …); this package itself stays
light so that importing it never loads reportlab.
"""
