"""A small inventory module: open it in VS Code with Phi Pair and complete the function bodies."""
import json
import os
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    quantity: int
    unit_price: float


def total_value(items: list[Item]) -> float:
    """Return the total value of all items (quantity times unit price)."""


def load_items(path: str) -> list[Item]:
    """Load items from a JSON file holding a list of objects with name, quantity and unit_price."""
