# the harness stand-in
