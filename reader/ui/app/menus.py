"""The menu bar: its titles first (the first paint shows them), then the actions of
``reader.ui.actions`` put into the menus as its table says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QMenuBar

from reader.ui.actions import ACTIONS, MENUS

if TYPE_CHECKING:  # QAction loads with the first action, after the first paint
    from PySide6.QtGui import QAction


def add_menus(menubar: QMenuBar) -> dict[str, QMenu]:
    """The menu bar's menus by id, still empty (``fill_menus`` puts the actions in)."""
    menus = {}
    for menu_id, title in MENUS:
        menu = menubar.addMenu(title)
        menu.setObjectName(f"menu_{menu_id}")
        menus[menu_id] = menu
    return menus


def fill_menus(
    menubar: QMenuBar, actions: dict[str, QAction], menus: dict[str, QMenu] | None = None
) -> dict[str, QMenu]:
    """Put the actions into the menus (``add_menus``, made now when not given) as the table
    says; returns the menus by id."""
    menus = menus if menus is not None else add_menus(menubar)
    for menu_id, menu in menus.items():
        submenus = {}
        for spec in ACTIONS:
            if spec.menu != menu_id:
                continue
            target = menu
            if spec.submenu:
                target = submenus.get(spec.submenu)
                if target is None:
                    target = submenus[spec.submenu] = menu.addMenu(spec.submenu)
            elif spec.separator:
                menu.addSeparator()
            target.addAction(actions[spec.id])
    return menus
