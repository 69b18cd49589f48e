"""URLs of many records of one kind, reversed once and then filled in: reverse() for each row of
a long list (a card, a screening) is a good share of the list's time."""

from django.urls import reverse

MARK = 987654321  # stands for a pk or slug in a reversed URL, then replaced


class Link:
    """The URL of `name` for any one argument: reversed once, then filled in."""

    def __init__(self, name):
        self.before, self.after = reverse(name, args=[MARK]).split(str(MARK))

    def __call__(self, argument):
        return f"{self.before}{argument}{self.after}"
