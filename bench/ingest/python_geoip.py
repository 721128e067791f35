"""GeoIP peer: the maxminddb reader (its C extension when installed) on random public IPv4 addresses."""
import ipaddress
import random
import sys
import time

import maxminddb

db, count = sys.argv[1], int(sys.argv[2])
reader = maxminddb.open_database(db, maxminddb.MODE_MMAP_EXT if hasattr(maxminddb, "MODE_MMAP_EXT") else maxminddb.MODE_AUTO)
rng = random.Random(1)
addrs = [str(ipaddress.IPv4Address(rng.randint(0x01000000, 0xDFFFFFFF))) for _ in range(count)]
start = time.time()
for a in addrs:
    reader.get(a)
print(round(count / (time.time() - start)))
