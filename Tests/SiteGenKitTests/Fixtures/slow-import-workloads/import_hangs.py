"""A module whose import never finishes."""

import time

KIND = "cpu"
while True:
    time.sleep(1)
