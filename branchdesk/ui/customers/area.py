"""Customer files in the window: the Customers tab and its File menu entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from branchdesk.customers.permissions import CustomerPermission
from branchdesk.i18n import N_
from branchdesk.ui.context import DeskContext
from branchdesk.ui.tabs import ActionSpec, TabSpec, UiArea

if TYPE_CHECKING:
    from branchdesk.ui.main_window import MainWindow

# Announced on the hub when a file is created or changed.
CUSTOMERS = "customers"


def _customers(context: DeskContext) -> QWidget:
    from branchdesk.ui.customers.customers_tab import CustomersTab

    return CustomersTab(context)


def _new_customer(window: MainWindow) -> None:
    window.show_tab("customers").open_new()


def _find_customer(window: MainWindow) -> None:
    window.show_tab("customers").focus_search()


def _export_customers(window: MainWindow) -> None:
    window.show_tab("customers").open_export()


UI_AREA = UiArea(
    order=20,
    tabs=[
        TabSpec(
            "customers",
            N_("Customers"),
            CustomerPermission.VIEW_CUSTOMERS,
            _customers,
            # Only this tab lists files and it reads its list again itself; CUSTOMERS is for
            # the areas that show files beside their own records.
            (),
        ),
    ],
    file_actions=[
        ActionSpec(
            "new_customer",
            N_("New customer &file…"),
            CustomerPermission.VIEW_CUSTOMERS,
            _new_customer,
            "Ctrl+Shift+K",
            needs_tab="customers",
            requires=CustomerPermission.EDIT_CUSTOMERS,
            why_not=N_("Your role may not open customer files."),
        ),
        ActionSpec(
            "find_customer",
            N_("Find a &customer"),
            CustomerPermission.VIEW_CUSTOMERS,
            _find_customer,
            "Ctrl+Shift+F",
            needs_tab="customers",
        ),
        ActionSpec(
            "export_customers",
            N_("E&xport customer files…"),
            CustomerPermission.EXPORT_CUSTOMERS,
            _export_customers,
            needs_tab="customers",
        ),
    ],
)
