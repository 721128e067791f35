#!/usr/bin/env python3
"""Writes N rules in ET Open's shape (the mix of LoadTests.generate): HTTP sticky buffers with fast
patterns, relative contents, pcre on one in ten, flowbits and thresholds on a few, raw-TCP rules with
depth and byte_test. Tokens are random, so the prefilter holds N distinct patterns."""
import random, sys

def main(n, out):
    rnd = random.Random(8)
    al = "abcdefghijklmnopqrstuvwxyz0123456789"
    tok = lambda k: "".join(rnd.choice(al) for _ in range(k))
    with open(out, "w") as f:
        for i in range(n):
            sid = 2000000 + i
            meta = (f"reference:url,example.com/{tok(8)}; classtype:trojan-activity; sid:{sid}; rev:{i % 7 + 1}; "
                    f"metadata:attack_target Client_Endpoint, created_at 2020_01_01, cve CVE_2020_{1000 + i % 9000}, "
                    f"signature_severity Major, updated_at 2024_01_01;")
            k = i % 10
            if k <= 3:
                r = (f'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"ET TEST uri {i}"; flow:established,to_server; '
                     f'http.method; content:"GET"; http.uri; content:"/{tok(6)}/{tok(5)}.php"; fast_pattern; content:"?id="; distance:0; '
                     f'http.header_names; content:!"Referer"; {meta})')
            elif k <= 5:
                r = (f'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"ET TEST ua {i}"; flow:established,to_server; '
                     f'http.user_agent; content:"{tok(10)}"; nocase; startswith; http.host; content:".{tok(4)}"; endswith; {meta})')
            elif k == 6:
                r = (f'alert tcp $EXTERNAL_NET any -> $HOME_NET [80,443,8000:9000] (msg:"ET TEST tcp {i}"; flow:established,to_server; '
                     f'dsize:>10; content:"|{i & 0xff:02x} {(i >> 8) & 0xff:02x}|{tok(6)}"; depth:20; byte_test:1,>,3,0,relative; {meta})')
            elif k == 7:
                r = (f'alert http any any -> $HOME_NET any (msg:"ET TEST pcre {i}"; flow:established,to_server; http.uri; '
                     f'content:"/{tok(7)}"; fast_pattern; pcre:"/\\/{tok(3)}[a-z]{{2,8}}\\.(?:php|asp)/Ui"; {meta})')
            elif k == 8:
                r = (f'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"ET TEST flowbits {i}"; flow:established,to_server; '
                     f'http.request_body; content:"{tok(9)}="; flowbits:set,ET.t{i}; flowbits:noalert; {meta})')
            else:
                r = (f'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"ET TEST threshold {i}"; flow:established,to_server; '
                     f'http.cookie; content:"{tok(8)}"; threshold:type limit, track by_src, count 1, seconds 600; {meta})')
            f.write(r + "\n")

if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
