# Django's own zh_Hans formats, but for the month and day: "6月16日", not "06月16日".
MONTH_DAY_FORMAT = "n月j日"
