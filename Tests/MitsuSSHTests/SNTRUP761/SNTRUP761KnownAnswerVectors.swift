// Known-answer vectors for sntrup761, produced by OpenSSH's own sntrup761.c
// (openssh-portable tag V_9_2_P1, from supercop-20201130, and master commit
// 0ef0f5a8, from supercop-20240808; both gave identical output), compiled
// with gcc 12 against OpenSSL's SHA-512 and linked to a small driver whose
// randombytes() is:
//
//   SplitMix64(seed) outputs, each as 8 little-endian bytes, read as one byte
//   stream; the partial output left over at the end of one KEM operation is
//   dropped before the next.
//
// That is exactly how SNTRUP761 reads a RandomNumberGenerator (see
// RandomByteStream). For each seed the driver ran keypair, then enc with the
// same generator, checked dec, then decapsulated the ciphertext with its
// first byte XOR 1 ("rejected"). In the last vector the generator's first 381
// outputs were replaced by 0x2000000020000000, which makes the first g drawn
// the zero polynomial (each 32-bit word 2^29 gives coefficient 0): it is not
// invertible in R/3, so key generation draws g again (the driver counted 2284
// randombytes calls instead of 1523, with the supercop-20201130 code that
// draws each word separately). Only the outputs are kept here; no reference
// code is part of the project.

extension SNTRUP761TestSupport {
    struct KnownAnswer {
        let seed: UInt64
        /// The first 381 generator outputs are forced (see above).
        let forcesNonInvertibleFirstDraw: Bool
        let publicKeyBase64: String
        let secretKeyBase64: String
        let ciphertextBase64: String
        let sharedSecretHex: String
        /// Decapsulation of the ciphertext with byte 0 XOR 1 (implicit rejection).
        let rejectedSecretHex: String
    }

    static let knownAnswers: [KnownAnswer] = [
        KnownAnswer(
            seed: 0x1,
            forcesNonInvertibleFirstDraw: false,
            publicKeyBase64: """
                VNBFFG0j4SSMaHPrUn8epsOAliQG1zImp7JODRp+HUVI1EI6as5ygoGUiqAT6aTBzQX2Fu+R8PqrpCx69TudpuhU
                kpyEy0A5pZtTdev5MmZkKYgDGorljIDAvfwnk12L0JlrsrgyY+2ODONiCt/CbO8fmGNzRmVzoQ7BhlIBLAoUS58m
                /XN/nSnfwRCPDPPgE1pk1Ykr499UBWkNayHH9quU48+33Ec3vqC6GDyOKxVxOw6O07XVCAbvHF9VrSTqMIT4ItNO
                t+nRkSqPAMBG10Z9XH7nT9a8qhkYQkxBzfHs0ZWkB1IiXOcRHwUpfuUYu8iJjxSsjqkEbrrUOfaX5Fwqh/uWqh1P
                T31xbS+tAEKVGYZCmKOE8pl7RWHEgjX8+8hXaBNlXY5PiS0LK6wpFkfpECfUWoRYeFQVzOabI1/OoLtP3CTReCms
                XYY+QA/u8oWcZjvdKsxGVwwoHFnmXkV/vFUh+iHomuAE+mmHcyOfxsBGWe4qmAGAEdM3CFwCyifxITMXqVXqa6q2
                7F8lyu5HrnpzrbFlW4yRXv8YIE7c/WZrk41K+Y5AaYVmCjePFpgQtr8gnN8BdpRZ0L/w75OfzYEfPXhb7l8giIR3
                uQHe9wdl+F6pjKxLu6C3w8GrMy+Znz8TsYhzLi0NQyWfPsPb1YXvLBjGD7wtpup8ydwXLeiXni7bJP6b80NQsuMP
                m5Ip8ArEFsZ6+UxuUgF2RXfaqLn1zneCKCl9PnKprIDtd6W9WpfYo/HjZ7QNP5wEd1S/hykcAmQJSC0kemQjMVIs
                SRuR97PXNm5mGzifYg6h28kkU/ikX535dX+yj9aWn/RhX96ACyYFLz38LT/EVp1P+gk7SZagd2dpt267mYe5Fcsk
                m/AVtihNZr1upfbjiA0PciBfSDvjPu3vjz/55RrTz48HtreIznej7obsPNSyUH8YwpUEad3VDOGJNCT7e8V5Qah+
                yOs5jPbd8pWHt7DDAaTLF7R314nzKGHQcd+L8eqBaq+femLPR4QYudy247GtkNNE45B2vPijS6rqY/WPu38mEvOc
                InyFZJdHhXFzp3Pbss0qZHlYpf0kyM64YXLzXjEJghq7Jh3gMx6xY5lAPqaQNQa6N3U42DO5T3XNWf/7O46TeOWF
                66KaM4gCNfHgqEEgg0CwF5v59lt/7EEykKUWmRuiolyTCSP6xrDNpKE+jkG5sxXrmwJ7fYXhZKM0/KzrukTXBy3a
                iKI0r1L3oj4FA1nsFlYqS6pViU9AXYy3bNPhTQq2xZjfdiHYvgS/Lsb45WDCjiBqBRcq/Dl/ZMiiLtjXigv9JiOK
                WGpVXQvPPbIDRG56cQYde1IN3nCecxmBuUJALzxO1b2VhBsUI4DdXTmntkzDbTRkTahg00XUWQDAvEOkXIwx9r4F
                6iFEyp0XQ74PyWow+FtlAPermGSho3TrsSISvTAbE4y5sL+VvkrbxBQr1AEfQzsXjMDHTjhQPi/VHktKazJabBTm
                EiR/0cWl3WGCeRBIZnDwaboGGM5ADtColx8XA+LYci9Ku+sC
                """,
            secretKeyBase64: """
                lZhZVpkZVVWVViqVmVmFUWRCBZFZVaVVmURVQmVUZlVWWARFlRUWRWIFGFWFEUhVlVVaVZmZVVRClWqUUVFZlaak
                mVZVFQEhYWGVVFEVVZVYQSRFWVlEIBWZVCABZViqRZVVlRVVVZVpVEkVIVhUZUlZQliVlFVVVVQlYVUYRlIlZSZV
                lEVWVlFQVFZURVVFRZCUEVZQpVUQVVRUlVKoWVVVAVUBZVVQBVpmWUISVZRZlVZZlFJRUCkUaQZUZQFgZWRWGBgm
                CAFhCQIJoqFRSqSVFqglUmYEpIQkKlmCSgIIUhaECWkpkkqCAoJCVAKhBoYaVRFSiqVZJYBqWYQSmBVJJFmFWWSa
                oaZKEUiWWiKEZalqhEpShFiBRRaAmJCKaUaRoiKqlFFIJWGGRAiqUEohRGBZClCUkSgaIiZFFKmSRkpaFkpEglYk
                ImYSaWEkYhVqYSJaAJVgUpQShlomFoABBECqAGpgBCiUECISaWAZoVQSSWCAqaoiUqlmAFTQRRRtI+EkjGhz61J/
                HqbDgJYkBtcyJqeyTg0afh1FSNRCOmrOcoKBlIqgE+mkwc0F9hbvkfD6q6QsevU7naboVJKchMtAOaWbU3Xr+TJm
                ZCmIAxqK5YyAwL38J5Ndi9CZa7K4MmPtjgzjYgrfwmzvH5hjc0Zlc6EOwYZSASwKFEufJv1zf50p38EQjwzz4BNa
                ZNWJK+PfVAVpDWshx/arlOPPt9xHN76guhg8jisVcTsOjtO11QgG7xxfVa0k6jCE+CLTTrfp0ZEqjwDARtdGfVx+
                50/WvKoZGEJMQc3x7NGVpAdSIlznER8FKX7lGLvIiY8UrI6pBG661Dn2l+RcKof7lqodT099cW0vrQBClRmGQpij
                hPKZe0VhxII1/PvIV2gTZV2OT4ktCyusKRZH6RAn1FqEWHhUFczmmyNfzqC7T9wk0XgprF2GPkAP7vKFnGY73SrM
                RlcMKBxZ5l5Ff7xVIfoh6JrgBPpph3Mjn8bARlnuKpgBgBHTNwhcAson8SEzF6lV6muqtuxfJcruR656c62xZVuM
                kV7/GCBO3P1ma5ONSvmOQGmFZgo3jxaYELa/IJzfAXaUWdC/8O+Tn82BHz14W+5fIIiEd7kB3vcHZfheqYysS7ug
                t8PBqzMvmZ8/E7GIcy4tDUMlnz7D29WF7ywYxg+8LabqfMncFy3ol54u2yT+m/NDULLjD5uSKfAKxBbGevlMblIB
                dkV32qi59c53gigpfT5yqayA7XelvVqX2KPx42e0DT+cBHdUv4cpHAJkCUgtJHpkIzFSLEkbkfez1zZuZhs4n2IO
                odvJJFP4pF+d+XV/so/Wlp/0YV/egAsmBS89/C0/xFadT/oJO0mWoHdnabduu5mHuRXLJJvwFbYoTWa9bqX244gN
                D3IgX0g74z7t748/+eUa08+PB7a3iM53o+6G7DzUslB/GMKVBGnd1QzhiTQk+3vFeUGofsjrOYz23fKVh7ewwwGk
                yxe0d9eJ8yhh0HHfi/HqgWqvn3piz0eEGLnctuOxrZDTROOQdrz4o0uq6mP1j7t/JhLznCJ8hWSXR4Vxc6dz27LN
                KmR5WKX9JMjOuGFy814xCYIauyYd4DMesWOZQD6mkDUGujd1ONgzuU91zVn/+zuOk3jlheuimjOIAjXx4KhBIINA
                sBeb+fZbf+xBMpClFpkboqJckwkj+sawzaShPo5BubMV65sCe32F4WSjNPys67pE1wct2oiiNK9S96I+BQNZ7BZW
                KkuqVYlPQF2Mt2zT4U0KtsWY33Yh2L4Evy7G+OVgwo4gagUXKvw5f2TIoi7Y14oL/SYjilhqVV0Lzz2yA0RuenEG
                HXtSDd5wnnMZgblCQC88TtW9lYQbFCOA3V05p7ZMw200ZE2oYNNF1FkAwLxDpFyMMfa+BeohRMqdF0O+D8lqMPhb
                ZQD3q5hkoaN067EiEr0wGxOMubC/lb5K28QUK9QBH0M7F4zAx044UD4v1R5LSmsyWmwU5hIkf9HFpd1hgnkQSGZw
                8Gm6BhjOQA7QqJcfFwPi2HIvSrvrAmVDeaMYUz9+mUc4kL1wvecU16Aj7DP9x/xeBnVPI+h8a2kfIScZ3AQTcXL8
                aWhzCbIIDIxaN6AySTInGmUnfMNC8ZVrv9MnsoVBLqxC+/5RFI/yx0pcHSrvvJNbyxd4aos6cXK+l4cecgl1duyI
                F0wqAntE6e1uETYr2APnsga3T013whzLSBujCIybuArFDstdj2QgIwTalQSWssT9K8RH9YJxzCo5E8vyaYWizcr1
                WfNj2YQ9AS49/WBmTe5UtReznZoUZtH2cQ2JQijpIk0k7xp5a0IynnoyeC6Xlaw=
                """,
            ciphertextBase64: """
                fNIhTCCs+BRACvbeFGfgvcJJhiPnB9bDFuwaz8Rf8aUVJBewVf1cjlUH2docpmL4JmWqeM5LSK0AUaHO1jb1jAw+
                vDYtRDRSHbuBkOOMwD/YhVp7W2jOOoPykHdiEEyqcllLKS/Yqdlja+UzYrsQSJGsi41KCOqLeS4bVwn9j9JSnfpu
                RIVsczoKYXivrAMUaxeJ6+2WwT0i0jv74TakLQ3F1t+q65KkZL4Ze3XqA7nxyTrLbM3UCop0uXT5ryW+YUxSuR/j
                op8tW2+EYj1kgkYFw6xGWrDSUDME0VnOa1zwM8h7FupGRmWSLRSRX4NH7xO2yEhJXSttnH/vg9jhSerqc+Wut0FV
                eUnUi9+S2DpYUaY88nAaqeIj0xvgb/WKy0rJSVe6dRMzPVaDtUyS+dFuw4k9XPfRL/z5vqMiefAl2UhHAmz1Xj2e
                hBxpxWc0ujQ+r8OVGUmq9/hOH3q2onZqp+2PKKM6kkd768wE2EGp8STuVoVc2l48KIts3v0f3C3YQHH1X/ie7vdl
                sXNbUM2bXCLPagVN6dMDugP+jeSrL+DL3f3V0GrQAKgJkO4YJS08s48ucOWXx+Nr5ihdHOMmwZ/AYoeh7NhVvfCe
                dYHxWc+5bIu/TSZaOnJtGhNKX/7emv+4jGwSknjW+ShKwhT1Ie8/7tVG/9pis6PaFmlj+Nt0mt66OdsyVxNIl/bL
                Ke4StCPP/Rvy78JMnWevrwwVJLu26vGmTWHwAPcxcqRlO8Xy0SIuc4wSdGZyJ5v+xZ/UskHsLiRrLXP2sMD/i45H
                Ncb5EHq1ZDuoIVYvwlf6IXS2fbzr3fw57vsECaAbXEqqNPPdt3ArJJyVOrp4R+Nh9S31KPDN9E17n+8PXnyQ8tFP
                2eaW6+f+1Sv/oh6utBvfX94wlJ0MCf62wkNTpUHhstW1XcyaHnkUXK0qF2qJkOmRjAaqGHaUy9Rfug8nBchynnTk
                V7uy7rpTZst9yGCzAxaT+HNlnRhkWcO226c+ij3qhJ2VHZROyHiQLX3MBEiwuM+wLEKRDeqLNrESGmMXqVxbeasB
                wTCUf6dxy0FSky5s7/NMgHwYRfWPaVOhB5/0S7YbY6eIoSWQMGLWOBBnMHTAuPSDKcKHRhA1OEB1i4V9N19g7awu
                tdMeyWkxOspqKvpexoDWJPgCRcTW6wZzft2X+jOrETcoRftuGVCIsHuuUCpuBebJFRL50mdI8F5yuC/NkqaOJDsW
                rSfI7XStU8VyC7Mz33A3u0hW3BmGwDQXDa/8zAvd4UyBsQd15he5Yqpl4eG0ONISALDpESA7cV39Qxh6pCZrVvqw
                3l3AghJu59uSFWLfEW5STAK9qa84YZcHfjKlmJCw5xSqZzXIW0eZiSIjnvIPaHFF9g==
                """,
            sharedSecretHex: "a9bd9e8bff471f6af1049bcea0816a84782f99b5cf1b953dc7d69e9c28ad4df3",
            rejectedSecretHex: "bd3d7f291f244f1d15a74578f3f3cd6d98a81945298cb01a66c0501328a637b9"
        ),
        KnownAnswer(
            seed: 0x2,
            forcesNonInvertibleFirstDraw: false,
            publicKeyBase64: """
                HvlG+4rp3HeTJxPCoyySycDVRe+CdEAfVFL35bnw0OBB4oE8EcI8dP7OHapF8TZKP6evcU5RHh0ckirXfervuPG5
                sbGamRnchjmRIxG9I4keG1kOs63dWei4wc3NWLvRPp1S512mZZf38iqOEFATuxyq+eO/MDgfgr3c1/Kn42m4vvpz
                xilOoTZpa+cMhe5NNsAyhbY0Rvoy6esSvl42kh8KwiYMOR+glhgisOvj8H9anOxnS7UBcCzyy/awBLdzTd6zqxzh
                BDZfrMBnUGImkLHm1GfNQKlfx3rrNsdlF5V67+t5IQfqGHHnIxbz1FAjhAAYMmFXuootXzR7bfxLdRSHJvYKRBC7
                EsGKTe0Dyz2L673lmcxdsPe1ijScYTAh0U1MpwwadlV11Yv0qISBmTNlWcR5fExgP1G9VWTG839GVnLCFOlvKQ5F
                PkB8DgjOSPoGliTO0Xc/t2deXUwzfgV3tehZVsffEnbhDbIzPYfur0n3gIEDoUMv7oz26K6CjKHo7fQnye9f1Q7p
                yA4oYz8qOkiftNiHvAkPOZU5epv7IakVjH9OGCdcHjeb3tmrdn8o3RePC4Sli1vYK20KEpulYAikLTPFOTQEHcvo
                JxABxMPFAwENkm03tksj/O847fNbyKOua8EeV1cKfaUL8UR9MMi7ONV/3GmtNjHhl5mws7G6L0WonTeQiQF90t1N
                h4m2qOdsyL1kovMs1eVqyx9y00ZV+MwtsQPRdsg8U5VKiyPqV54troxUJW27CSvD13ms/xSHAwBTRyeWsL7KhzOz
                jv9OMojXj8HDc37zkfcnt0XMj7lED9cK8pr6id8xYhTqQ58VMozU9EC+hrc89qGCSARInBZTKHs69BiGax/2EUAv
                ZbFYWg2ReQPF0P2BXqSrYIZXNKF8OclNlhgJWMw32bDssM/XRnck5R+YpqHdLEcHEI6BU+Y+6N14cAulxIorl/un
                obMwqFfv7KtO/oUvbMkwAnFHDiuJYfWhe10ax8+7JVKrrK3NwVNRmwmC76tQyiX3KXKg4oWO2Tj2DDF2Eb/yAxtY
                91RteH2eXkzjCmpV9JpMmMwjFJi/JI9lEotbGJtPJbMLC1gA65fPimWhcVHejQNpkR1QGNc790hekShB6kz14UTy
                4HDWg3Qa8ixpMq3xz3t741MB4MeLmS2GtxXNlPOEYe24ioGCFcjdmTMeWmsmkeLEPqfeCp2ipfWAccV8H8oxWCJo
                yEIYBJjaUhHBkDWD8/e7FBVaDXP7xjlKkYCAACMWFURt55KcNhCq3rnA8ulxcxZI6ylswPwTy3y8u4agnFvWKX/0
                pIOfqGdeFk+zk1rJiMVLetjg/jDuXTK4SObB9+3ue+O4SeYEa6ayCif/lTbGTNEUCiWrscZC+goE+KfGYqMAzjPG
                Ww8Z6DeCO/RO2nNTh5kGBLBXTuaNOBC2xOsQA0w7CpM5WYoPfN77leSd0cHDRat1lvn21TwUg59pa0nXAmI7gTef
                Vwq+ekqw1vB9G1lXNqp8q7uJgCsmB9Fh91h9HeF6NUaAO/8D
                """,
            secretKeyBase64: """
                VVZFZJVYRVYokVUYVUWFVqVhlRpVSJWVhVURgSBBVlVhllVWFBGVJJVllVRWVllRZYWGVZWIWVSWVVRURFFWRlUR
                BWRlVlWCVVVJWUIVkVURUURWVASRZaQVVoWFUYlWlWYJUmVWFFhUWURRWRVVZWplgVZpmGVRUJWVVVlUmmpkUqVS
                WCVRZKGFlFVVUJZRFYWRFWBVpWUSVBhFVVVRVVBVJVpUVZhVBGKWRVERRVEUQVAWVUGlVSZahRVVIQIpoCWBCCpE
                lgmolQaiVqkYIJqIgagmSViFJmVmVAYYSSEQWoJqQRiVoIWZZWlqgoZGioValAAoZVZiggSlSGVaSaBJqqmoWkhi
                EZalmKVVJZmQJRYlFopAVZIipRoIIKVpBaYUihSIpkCCKgBRUYkqoYkZmSRBBWpIgFmEmlBYkECggmloSKikVSEY
                VQaAWlABgBYhAWlpKChqkBBoKiqohmoaAEZZmFgRRipZJoJaZEmpkGJCpgpmpGKEYKQlAR75RvuK6dx3kycTwqMs
                ksnA1UXvgnRAH1RS9+W58NDgQeKBPBHCPHT+zh2qRfE2Sj+nr3FOUR4dHJIq133q77jxubGxmpkZ3IY5kSMRvSOJ
                HhtZDrOt3VnouMHNzVi70T6dUuddpmWX9/IqjhBQE7scqvnjvzA4H4K93Nfyp+NpuL76c8YpTqE2aWvnDIXuTTbA
                MoW2NEb6MunrEr5eNpIfCsImDDkfoJYYIrDr4/B/WpzsZ0u1AXAs8sv2sAS3c03es6sc4QQ2X6zAZ1BiJpCx5tRn
                zUCpX8d66zbHZReVeu/reSEH6hhx5yMW89RQI4QAGDJhV7qKLV80e238S3UUhyb2CkQQuxLBik3tA8s9i+u95ZnM
                XbD3tYo0nGEwIdFNTKcMGnZVddWL9KiEgZkzZVnEeXxMYD9RvVVkxvN/RlZywhTpbykORT5AfA4Izkj6BpYkztF3
                P7dnXl1MM34Fd7XoWVbH3xJ24Q2yMz2H7q9J94CBA6FDL+6M9uiugoyh6O30J8nvX9UO6cgOKGM/KjpIn7TYh7wJ
                DzmVOXqb+yGpFYx/ThgnXB43m97Zq3Z/KN0XjwuEpYtb2CttChKbpWAIpC0zxTk0BB3L6CcQAcTDxQMBDZJtN7ZL
                I/zvOO3zW8ijrmvBHldXCn2lC/FEfTDIuzjVf9xprTYx4ZeZsLOxui9FqJ03kIkBfdLdTYeJtqjnbMi9ZKLzLNXl
                assfctNGVfjMLbED0XbIPFOVSosj6leeLa6MVCVtuwkrw9d5rP8UhwMAU0cnlrC+yoczs47/TjKI14/Bw3N+85H3
                J7dFzI+5RA/XCvKa+onfMWIU6kOfFTKM1PRAvoa3PPahgkgESJwWUyh7OvQYhmsf9hFAL2WxWFoNkXkDxdD9gV6k
                q2CGVzShfDnJTZYYCVjMN9mw7LDP10Z3JOUfmKah3SxHBxCOgVPmPujdeHALpcSKK5f7p6GzMKhX7+yrTv6FL2zJ
                MAJxRw4riWH1oXtdGsfPuyVSq6ytzcFTUZsJgu+rUMol9ylyoOKFjtk49gwxdhG/8gMbWPdUbXh9nl5M4wpqVfSa
                TJjMIxSYvySPZRKLWxibTyWzCwtYAOuXz4ploXFR3o0DaZEdUBjXO/dIXpEoQepM9eFE8uBw1oN0GvIsaTKt8c97
                e+NTAeDHi5kthrcVzZTzhGHtuIqBghXI3ZkzHlprJpHixD6n3gqdoqX1gHHFfB/KMVgiaMhCGASY2lIRwZA1g/P3
                uxQVWg1z+8Y5SpGAgAAjFhVEbeeSnDYQqt65wPLpcXMWSOspbMD8E8t8vLuGoJxb1il/9KSDn6hnXhZPs5NayYjF
                S3rY4P4w7l0yuEjmwfft7nvjuEnmBGumsgon/5U2xkzRFAolq7HGQvoKBPinxmKjAM4zxlsPGeg3gjv0TtpzU4eZ
                BgSwV07mjTgQtsTrEANMOwqTOVmKD3ze+5XkndHBw0WrdZb59tU8FIOfaWtJ1wJiO4E3n1cKvnpKsNbwfRtZVzaq
                fKu7iYArJgfRYfdYfR3hejVGgDv/A7TgAqjlc5mafQk8ZcE1jZfK7gXVz9Ty5h6IEJnhS81h87AvdQnRcoV4niyH
                AWndRkrRx1ceLRwn9V/CqEk4VU1zErXE8gqiqlbfLNdFKhcot4g1c4VqoRI+Da9ZdagZ00FwwtFYo4+psD9pf1Jg
                3gpaEwB+kqhL3FueUvLEicfnh80L4vrFCNqDkE3BrKgE7j9La2RVbJMfycU2mvCkLjAa9kZV4stiAKRRP7NBMCpy
                rSyF+FIdg6EaSr0tjTkMq8E7/FPuVdt5QEnatqUObm7NdM4O/S/PIq0Yruw3FjM=
                """,
            ciphertextBase64: """
                mZGf16sEZqobzVUGU11UgnKFsoDkDlhix8/hEERUyP9za2Ws9U04yEfQbMexcEYGeE1DPeFVw70tD28PxyybGaRQ
                Zij78imApUJLmnY4fSG93YSJkF+44BPgEwVQiaeswr4IN5ZlWeToLKRhgBYhlgEoNb03oQusnQ5K+5VJ5HWUM9wz
                2sB0DnP2YrDCHZztG0oB5DSre9kcOYOJ1a/uYjF7L5fjncqlM+xEOf9FpDkNRBvuG3JIJ/P7fZpUiqr7U5soMnlj
                x2HBBK2sjVntvgbHF9jvbtVop8HVrwO0ZS+pxPokrnm0nTmuVMNXdPaVxP9eGHKQ83tfJb1i/vWiOwCb1sRI9tH/
                XoPM4VDYkXDOhEh3c0PEV6Vp4lSy0T0PC/fZStWiREcqpiE3UmE+SKPbXb4lSerxIV7Gk4mhsEKM4T3O9Gds6Ugl
                CzKG7NBUZKMkBFR3nGOSC2PFOSGASRrMXLXbb2PZFkKyltNxStpm40RiHeVM6cZ8a5vw2YSR5SRnpsrpwpZnZ75f
                Z1jnVEfH4+k04LZ8Ew6vBJ373nzQ3NsiltU6p8flQQDueUBZrQ4Y05wAdyBn6Z8kHLlmyOwY3K1gf/+rQW6XPoo3
                ji0L5uzSODj1NhUkOK32sXRFN7QX6qce70iGgCR1pGo/0NIJxX26PtfqXIQDv0r00a3XsobHUoPu3Hl9wWGmkpiI
                JK7eDrEzFQsrqhTzQzBJDSni/71fG0eiAHPzPjIKzKvPXagKoqS9EpnTYOZd2HdHighfO/Ou1KTGxJ5u6Q+/a7Pl
                f9vcQ+kqmCXkbQi4WLdBepLZyCBsdJMBkmlMPZj54TrvweuprTf6/WeQOm9Fq8bMNKMxKk/Ar5Y/OZyOxv68v8xO
                K7///ruCapQB36A5D9LPGyKMpDPgfC5IN21DjTDFwR13MEHpgrOZg5B0cz4SsBNgeIpY9+yNPhkd86dq3G4do876
                t3CQoNSAGhBxFr6vO08OdwtDZc2Av/xceniJ1lmV+IBqOFVT5O8icLyBxHafhs2oQa0L1olXesjF2GmUtiZzA8xD
                nRZis1BufHGP9200krN8xMTV9oL/yODLaZ7f7yzFfeQebub61iVSPxOukw+rKu+k6yXX7+JmR8hVTLwnzwxJMy6e
                ORU/TX5cPIviRwAO2MKnpjXclNJkNLO1948IVFOnWlonSwCFyvvFORci75pahzJEZVEmRINyvB31B+82T0SFRO71
                QLcLnq3tcvCDxdmFSUSgoeU/36ZauLDovKhydcgkWBEjFXKKxEiIgJQWVU/3ax4gS0C0TiHfzHqQPzM88OqmXUPy
                g/XphANImidb7roDdOM/uAxivGjiHDL9xtR/YE+GNtE3tETwbkxtIISMJfQ/pyG1GA==
                """,
            sharedSecretHex: "9bfd8e05ca0d20e333819148338b33a3602e5d4027dff78e31f97033b63ef312",
            rejectedSecretHex: "1823db0b3d098c11fd8ecf206b5f7035c6f0b5229e99d33989dac573f0632838"
        ),
        KnownAnswer(
            seed: 0xdeadbeefcafef00d,
            forcesNonInvertibleFirstDraw: false,
            publicKeyBase64: """
                jgvQstfc0JyVGXfcMtqQeEMBww6ZIugcHmF6ZTNX+2PnQRVQeMewxKIdT2FGKB8xQvc2E+89DgX6tA1mFwcmskFH
                Acw5CeCPHF21xOXtUDeD0MnT6GZq37heCIgK63nMa5FtkucNNbbcHIohZURb6LqDZbZnclDHjhsZ+XonGlWXxef0
                uTvgjRPeMqtcrKD8qjuN1bNNwhINb0cZClsYnAYHkrkVLbD6zrWJKd98xcuYHhJYnnFWfgGU2b0yUV29ty0XUS6J
                j5ZpRcI8YdfEcht+wraTZKMD6z2F/xneaqI00tKGCorHE54ojSjsFqH2dkrhPgS7BNnd8vGXaE150ZTByFgjC94F
                tIGS4bYC3YX5XRuqCc4GLvRlySmODNYAgG88Qvw2GWe9gJ6Rk9INX3lSXD7+nyb+3RQhm7DfxXejHp+6btVhMO73
                a2E1mz8iHNPaD1gtqP+IhoIGf5lHIq9L7a67uUqJp2Qvo8fki9sqw5N2rtIw9q7xt75dpANAmJ7L0JcP9IzlQCUQ
                +ZsMq2yRF9slK9cmvdZY1b/QZo27yVYhPCdECN9dpVilcAQX66zVFoq536ql73yv0VsGz+oG6eKwK6ZpQ4R0ENL4
                iYKab2bs1ixB6m3/xdm826iO02U/erzbyjMl5tsMekDyE9AMFVgq6At9YBrM2PjL8rckaE4Me93T283XgzbgHcTS
                FSubkCOZWaaiAag+0nbb8XzfdhtN7wX/6iPNdkoQ7DYnj7aeADemYGOaCoaqh7MbUN/xk7NFHTxT7UWiDOhaPjQ4
                asGOUT3YiODjxveEuPhLmhrMYJAcCd/HJKNvq0/iAbZUb98imUd1hxshiSSNNfMwX6y4aouL0mpzwY6kM0eSpYRF
                JOnL0JL5ZrqdN9Nko7R84lhsEN0YuaMLa5NwrH0/hfVwgyX/v5OS/vpKLp4PzjtYoHQwW8gm1dvr34RSr23T2+fd
                MM5tRFljntHtiGqHsAflKMpDom+pMeuEvYfgzYAXv2crEE0WHPulmFPoIu47BKCV8Ob088DkEOTmZxJCDCqvLTFL
                HXaKYFHsZZ9a8B57bkOCX8ZRrqNMKXRrTcVPseoSuvj++Kl+FbRSo0KIQ0ivAZxfIlW1723FcImm+ZAmO28bGmkh
                UEFZvv9WjhAps9JrUzrS1AjSpQ1DO6VqWxjl89TarNORB0+zmgQlqGzazV3cpgW8YpA21U2fPw+Vs0sQSr9556D6
                5RLErMegmSngw3sG4wSGUh+PQXLusXxwsp54MCeghPQmjQB/JUVmM5PlJKA+JnZauBTrnxGOe/0QyFIADzS1nWeu
                lRkvq8GRHMz9GgMPN9tQLtzjWZus5kKur5jX8VvE0eg5F58zG/yHl4NlHjW/y5aWKcNx9Ev7PdeV24LQ0GJ03tsW
                V5tHWU6fG/menx/DXSkwIBPcVRxh5anc36O8VKr9465Jo5gP9/2O1NUluLLkTa9S2E0cKgCnz5auJuzKuKX5otd3
                ambFg78eQRls2p7seWVkyrciOTmqrM9F68n+OCRJfsYiO28E
                """,
            secretKeyBase64: """
                SkFZVFWBQpVSVaZVIVhVZaqVVQZQKRWRGVUVUlhVRBVpaJVSlQoERllVZJZUVWFVVllGFRZFEkhlUkVYVVUVhRma
                SJGFVQUVpFVVaJVlZRVlaFUlSSVlVWKGWVJVYVWVEWRkEVWVWVWUVURZFlWARVZRRVRZVVFRFUEVSSUWZWRVVhRV
                WmElGZZWlVWgoZVBVWRFlWVZoVWFVRQRJVUVRRpJBVVFVFqZpRVFFoRaUREVoSEWlFWGlUUWVRZaQgFpQRRYKGQV
                BqZIRmmRkUkAlkqgFAZkaIoYaGIUZSYVJSGIkBEWVYZhkVCmJmqUEBQVWgGZEVIUoqkaQpVQoFmVpigkiWZBpKVi
                hiQCoiKlmSAEoSCJSWimiZYkkImihlaVWmIEYlikEIYmYGEhZSoqGhmAZRoQaQQoFUYVVCqJEaJBigqGkSWBSFZS
                RGpigmpCCGKkqBkSVmqiJqRVqUqhQUCZhFmFQBSFBlYqJqVWEIlqGRRBoFEmVJKGhkoZAI4L0LLX3NCclRl33DLa
                kHhDAcMOmSLoHB5hemUzV/tj50EVUHjHsMSiHU9hRigfMUL3NhPvPQ4F+rQNZhcHJrJBRwHMOQngjxxdtcTl7VA3
                g9DJ0+hmat+4XgiICut5zGuRbZLnDTW23ByKIWVEW+i6g2W2Z3JQx44bGfl6JxpVl8Xn9Lk74I0T3jKrXKyg/Ko7
                jdWzTcISDW9HGQpbGJwGB5K5FS2w+s61iSnffMXLmB4SWJ5xVn4BlNm9MlFdvbctF1EuiY+WaUXCPGHXxHIbfsK2
                k2SjA+s9hf8Z3mqiNNLShgqKxxOeKI0o7Bah9nZK4T4EuwTZ3fLxl2hNedGUwchYIwveBbSBkuG2At2F+V0bqgnO
                Bi70ZckpjgzWAIBvPEL8NhlnvYCekZPSDV95Ulw+/p8m/t0UIZuw38V3ox6fum7VYTDu92thNZs/IhzT2g9YLaj/
                iIaCBn+ZRyKvS+2uu7lKiadkL6PH5IvbKsOTdq7SMPau8be+XaQDQJiey9CXD/SM5UAlEPmbDKtskRfbJSvXJr3W
                WNW/0GaNu8lWITwnRAjfXaVYpXAEF+us1RaKud+qpe98r9FbBs/qBunisCumaUOEdBDS+ImCmm9m7NYsQept/8XZ
                vNuojtNlP3q828ozJebbDHpA8hPQDBVYKugLfWAazNj4y/K3JGhODHvd09vN14M24B3E0hUrm5AjmVmmogGoPtJ2
                2/F833YbTe8F/+ojzXZKEOw2J4+2ngA3pmBjmgqGqoezG1Df8ZOzRR08U+1FogzoWj40OGrBjlE92Ijg48b3hLj4
                S5oazGCQHAnfxySjb6tP4gG2VG/fIplHdYcbIYkkjTXzMF+suGqLi9Jqc8GOpDNHkqWERSTpy9CS+Wa6nTfTZKO0
                fOJYbBDdGLmjC2uTcKx9P4X1cIMl/7+Tkv76Si6eD847WKB0MFvIJtXb69+EUq9t09vn3TDObURZY57R7Yhqh7AH
                5SjKQ6JvqTHrhL2H4M2AF79nKxBNFhz7pZhT6CLuOwSglfDm9PPA5BDk5mcSQgwqry0xSx12imBR7GWfWvAee25D
                gl/GUa6jTCl0a03FT7HqErr4/vipfhW0UqNCiENIrwGcXyJVte9txXCJpvmQJjtvGxppIVBBWb7/Vo4QKbPSa1M6
                0tQI0qUNQzulalsY5fPU2qzTkQdPs5oEJahs2s1d3KYFvGKQNtVNnz8PlbNLEEq/eeeg+uUSxKzHoJkp4MN7BuME
                hlIfj0Fy7rF8cLKeeDAnoIT0Jo0AfyVFZjOT5SSgPiZ2WrgU658Rjnv9EMhSAA80tZ1nrpUZL6vBkRzM/RoDDzfb
                UC7c41mbrOZCrq+Y1/FbxNHoORefMxv8h5eDZR41v8uWlinDcfRL+z3XlduC0NBidN7bFlebR1lOnxv5np8fw10p
                MCAT3FUcYeWp3N+jvFSq/eOuSaOYD/f9jtTVJbiy5E2vUthNHCoAp8+Wribsyril+aLXd2pmxYO/HkEZbNqe7Hll
                ZMq3Ijk5qqzPRevJ/jgkSX7GIjtvBM/cKis6fsgFv06tKBWT7oV2P2ozZvZblq/hGKxjKOZAuzf/ywW61c8D4hX5
                p2mIQdevqsVa258mToZH8GaPITBAIt+k1rDaJmf9q05bQfHCOfPg+24cA/y2cAbN+oXg9ZbUGf1wJEu83SsHqLH9
                qQ8HCOMt6ayGN003zaAs2TyXJCw3LrRaKDh+PlYHZCz9IC86yT12As8z+UEGMdkL3Ja5BW3FQIxHd4KTWeHfJOdY
                OPbN+/mCeuf44qJEdouDy2ZtbJCwOyMMLqcv4Qw0lYNCK+CqTBiWj/KFdkEVMnY=
                """,
            ciphertextBase64: """
                HRCB/uAhXhhkon6v8LXSIjchxHVoLCjiba0pS1o+82t544zYBsOmeaZkM4/HstauHzLzktc/habNpwwlY4he+ETp
                nmcPKsx6dcRGxJNo5Bo+F8hHYqk7R1hU4plZL3xOhcyHIRbs+oY5AzZZkNVnQ7Nq1RzV8f2yC2/6CEA3qfPdKtWC
                sCNxiNpebL6XRY9Oj1f0glvOth/GNDUCNQ3YxmNLKHF1KvAaQ4RhSjfuDjwrJMXty0HEpCfAiN/Xo8a2uhtCWFmV
                K3pCqOcaZBg6CMArR5umWlQGGEdond7Gvs4kj7D6VkYllPenqYJxFLv9K1D1bfli/Za7NfFoIfXW/o8mada2S1Z7
                cglAK75FJOI+YiA36ZXvX+CCSi3QBLEHMD2pQCXKanCGoppn0a/HCGm7iXvzTJZIkO1+bLGWVrurH8+w7SSvauKa
                1VIrWA+qAhU8I/luERLBPY4Lahh3WTC+xaG2g2dScZyuRLh2qRjGjwZH04L/CPDyGsKiYdZ3+RkSDTjzu/quLbqd
                FwR4z4hkInnz9T3kuG9ekXHcBdVTF0zC7PX0narBlcyqdSzaCHV/9OTiHZCr7sfCafgrc1V2eXgWIvQPcFldr+M2
                PTLloNQkxqoh+fAimNUfB3TP0Pl7cLGYkpp+yIgBztKSDQx5T9O0ZMqZ8xgvm2+uD1RA4p83g7JlvDqBIGQtNczL
                /DlWuok1onTwq63EsfvIlRkwW7wJK3rLOwn99zKLxJ4IFtmTz3TfBf772aJ3FJTy2CTOywjm8c7UGyZX3N2ayWfH
                XY0A1QYoDiNhwORGZprCsgducHFf5Ck5bXfMTzS7KTZ08flohEKAhD9dbMaZAQPJ7uFfIsGAwyexJq9DXL5QtU/m
                ruytzGZnUgf7hzIyLpJfskxgHaPuTs00vTIrecgi20HVSHDbr1clo8gp2HWGVjX93RrHME/YBhEDvWdbE7fEbpLn
                FB+SKZExXFZ4MITMXnZv4NeAkxNAs6+wDzP19PkrbzooTmPNKrOrRQZQXK7+rfIwplfg2xLDgaiXqI/oTCFL1hh9
                RDqnlyNhJYRHPnYOdN57fkxsO7tM4+1eslcAPH5+o3ZyohRVSVoUrooRcNSXNMYnMGf4Z8Tw5lgdYIbsKIlB2iCk
                HDOCz5vVGPxV5SwapRQfBlVhlo4LC/PYtmP6l+ZQ9AKkBP+wLplHQxvl9h7TC+oL34MC+PgGlMRxrj4rm75gv75e
                c+BGYKXWEs7hatJoPB/8pgu1NNbAZaheNX16aYNQkQx/f1Sc1IUBtwTaXNjP+pOKqO+0GPRVfTbfq03kbiWbDk/6
                FF8hhS/ZzQEIokxTpACBEwJ32T3wGsJOaWN7a9pMUnBjC9CJMgvrGDzn7txBQA/baw==
                """,
            sharedSecretHex: "0a7e6e3fb2ccac045d8244d6b8ed2fa18f686dd079b2e9e0a17ee0bb1dbd472b",
            rejectedSecretHex: "4ad5ad156f2a9971cba775227f910f90414fd1422101b7b8925bff5212158728"
        ),
        KnownAnswer(
            seed: 0x7,
            forcesNonInvertibleFirstDraw: true,
            publicKeyBase64: """
                lKEkqD/YMwYih/q0caLYSJdOsNKF7+TXV88CzvO7bxs2NmXu8fGsiT4t63FWTK+VJxgduOwFCY9RchAW/8OoWk+F
                mQ+i1RKdenND730sjbmqYD4L77c9ZZ6XnrIcPb8n7M5pvjHgZHQMQqywbDTpDWgPjxnmzkr9p0zUUCoEACdD1Dzs
                DLp4h3bk+nlESxzHASlN8IdkJSk+jmpW4tCSSPtHQvYPVJtBvzSpfX4dktl1JFCi+A+kogGuDPecdQXe+oD/RLp4
                6lKqwmzIL4otKsyiJYij29dE66dKpoeEWCGvoKeWdNe1t91AhqGcU7S+vG5LmD6I0ymNVitaGnnUppC6mErzjfHI
                eRhChzfKzIFTboE3Yn/FkKt1T933F3utcmwa7xD3LiIW44tDfiUIWiy5cHBakY600r5UfSULcH2T/m1s5wPIImTK
                iEtGDOaZoJ/6TGsDCKP+Va9bTmFaKrq1LKAN07lRWW5/m1H3Fuc/Xx86pHjiFtAMhJrO/NZ7szywTs5DM48t9f3O
                7pi4XZELRgxHNkz7/Ph9MBMNJq5ZjJLTNDHbxZByVVAVRUbEwnTJqHCsYavNKn2wZ13XnJENykJL8VvodV49iwYt
                a61g0aLOiCNXxFxcQ52LdWxmwk13OrryeZqVelOJSKvjmSX/QzC14N5aQ9xcYLvjKaxmtt/JL1aSnxMui6fUiXUh
                0rwUqjTP81FcQbBg5zvmK75drT+XHwNmVIE0cwhWyhG4EuwUlc2vT8s5Efoq4dLDiLE83VuA8tlN6YCi6LoyA6Lb
                t2k671Xvqe2ZCnYeHavJRFOTttuAiJSMyX8jp+DIx51yx15ojroC63jXmyPGPo3ZJ7NZ0mtUaCW0uhRYKHMh6ViZ
                HjaTmmNKLWhb4mPEIZ+mlxx08NvwL05JjeNkBvSvHonjODibuK4q2lWf9i2rcX39iUHS0OAEIuR9Depqakomesdt
                y3xHhhUrxZ5uvK6O+ChSg6WnP7ICzk75An3HdKSiaFkdB5gMzZFFFI2vDwjupOg2EVZEMdYTk1qqaFnSqSTxEAOa
                hDSuRrXZMbwt8mlYMTQxRsZLMgrx0jwH6Oggi30XmJ751fOS5BZN0qo9+UWshV7Dkt9vcevtTIgJ3xlxq2Gly9+d
                L/+MKE8TUKofpCdgPYxxf1/n3SdLlEDyoc/KMgLgxcIJ0VINLxDhcIBGUxFljxUgm8oGBZ/gqeyFrQVwK6OgaOEK
                CDT2eCmv/GQQFeWEymdHpjTn8vWeIAjeTi0s1ctEUDrliWzNfHppzecLRIWKxr/y1NNAolImSoT3nhM4M+8/5L8u
                2lUpx95Bb9r7QgIlSp3iRNpama1BhDOINPckU/QXjZuDjlP0GJS9DbV+1iSNsL2em4fF8BpX88fAb2PcVsZWgRJn
                3jy5O8q+pEdFsAx4TG2WYHv679iOKL6RB9LsLlVOZLTtHBDJF32Na+HwU9gvuZslf/Eo9GfvCaZbm6tMnUzTm0UR
                XPyIPPqxfcBZEU0V90cJSg3UGvGE7FS9/ovUPTi6ItwYcoYA
                """,
            secretKeyBase64: """
                lUqVSVlVWYAFlEZhaVVZREUVVFFQVFVFVRZgBWEVZSVkRkVVWRoZqYpBlRCVCZZVZBaVFaBAVUGSBhVlJJVVlVRF
                RWFCRBRUUUkGZFVFFlRVpEFpWmVWWmAREVUFJGVKBVWGWYWUpVVVGaZlVFUZKmZhVWQFZFkVlVUlVFUaagVVKRVZ
                ZVWVZFUlVFWWVVVRlZUZlVVVVVVkGVEqSVWaVWWhWGUaFqlFFWUWVVFmkRVVAlZRVSFVWVWGFRZJVQGgiKhSQkhC
                oGAAYaGJRGRgQUlEZqlaCQUWKiIEgGmpioCJJSVoFIlZZkQZFJBCiUhiBElGioIKWEqiIiGFEAFlGUJEBKgGKqRa
                CiZSKFgaIhJKYQpSgaICGgURBRRAqokCUFGCKlQBhpmYZmJCEpFYRAGoQZKEUFRoKgEpCAhKQlYFhiIFSokGIYqE
                ARFahBhoUqmQEqmSlgAYIYWYqKJkRoKCYmpgYBakRoEaGZBhmSWpJUpBCVUomEmWVGAUAZShJKg/2DMGIof6tHGi
                2EiXTrDShe/k11fPAs7zu28bNjZl7vHxrIk+LetxVkyvlScYHbjsBQmPUXIQFv/DqFpPhZkPotUSnXpzQ+99LI25
                qmA+C++3PWWel56yHD2/J+zOab4x4GR0DEKssGw06Q1oD48Z5s5K/adM1FAqBAAnQ9Q87Ay6eId25Pp5REscxwEp
                TfCHZCUpPo5qVuLQkkj7R0L2D1SbQb80qX1+HZLZdSRQovgPpKIBrgz3nHUF3vqA/0S6eOpSqsJsyC+KLSrMoiWI
                o9vXROunSqaHhFghr6CnlnTXtbfdQIahnFO0vrxuS5g+iNMpjVYrWhp51KaQuphK843xyHkYQoc3ysyBU26BN2J/
                xZCrdU/d9xd7rXJsGu8Q9y4iFuOLQ34lCFosuXBwWpGOtNK+VH0lC3B9k/5tbOcDyCJkyohLRgzmmaCf+kxrAwij
                /lWvW05hWiq6tSygDdO5UVluf5tR9xbnP18fOqR44hbQDISazvzWe7M8sE7OQzOPLfX9zu6YuF2RC0YMRzZM+/z4
                fTATDSauWYyS0zQx28WQclVQFUVGxMJ0yahwrGGrzSp9sGdd15yRDcpCS/Fb6HVePYsGLWutYNGizogjV8RcXEOd
                i3VsZsJNdzq68nmalXpTiUir45kl/0MwteDeWkPcXGC74ymsZrbfyS9Wkp8TLoun1Il1IdK8FKo0z/NRXEGwYOc7
                5iu+Xa0/lx8DZlSBNHMIVsoRuBLsFJXNr0/LORH6KuHSw4ixPN1bgPLZTemAoui6MgOi27dpOu9V76ntmQp2Hh2r
                yURTk7bbgIiUjMl/I6fgyMedcsdeaI66Aut415sjxj6N2SezWdJrVGgltLoUWChzIelYmR42k5pjSi1oW+JjxCGf
                ppccdPDb8C9OSY3jZAb0rx6J4zg4m7iuKtpVn/Ytq3F9/YlB0tDgBCLkfQ3qampKJnrHbct8R4YVK8Webryujvgo
                UoOlpz+yAs5O+QJ9x3SkomhZHQeYDM2RRRSNrw8I7qToNhFWRDHWE5NaqmhZ0qkk8RADmoQ0rka12TG8LfJpWDE0
                MUbGSzIK8dI8B+joIIt9F5ie+dXzkuQWTdKqPflFrIVew5Lfb3Hr7UyICd8ZcathpcvfnS//jChPE1CqH6QnYD2M
                cX9f590nS5RA8qHPyjIC4MXCCdFSDS8Q4XCARlMRZY8VIJvKBgWf4Knsha0FcCujoGjhCgg09ngpr/xkEBXlhMpn
                R6Y05/L1niAI3k4tLNXLRFA65YlszXx6ac3nC0SFisa/8tTTQKJSJkqE954TODPvP+S/LtpVKcfeQW/a+0ICJUqd
                4kTaWpmtQYQziDT3JFP0F42bg45T9BiUvQ21ftYkjbC9npuHxfAaV/PHwG9j3FbGVoESZ948uTvKvqRHRbAMeExt
                lmB7+u/Yjii+kQfS7C5VTmS07RwQyRd9jWvh8FPYL7mbJX/xKPRn7wmmW5urTJ1M05tFEVz8iDz6sX3AWRFNFfdH
                CUoN1BrxhOxUvf6L1D04uiLcGHKGAHCH2MMcW9Gg1qOpgrKPtqgyVcKiGlRs+n5xIgCFTRhYG/aAM8SNCfhGVOoJ
                91rzTNFDYUKjFxYOx+XNpfBqJiJw2qiTnpfQMOFJHwQUTK3VCeMXuqKwx/DwX6HyGHVvDd4rJBZFk72w3jUfse1i
                usn9LVkvWMhLi9D6oGVhogKt5w9SkMPGCWGL2PpVOUajtbAEt16xL8LcTDQoKvSWipw8YYeMjvzh5JGbRLx//iHf
                NCRj8v08YCgSOO2Blq9gUXEjAjF9oq0QJ4qzpcbemyNbnagTqdnpVtKjN5EIrWo=
                """,
            ciphertextBase64: """
                acJ5bfOsqtmVNNTzN74UGpNnSNwE2YcmVvVMc/f+eqY+JiBIqg/Mr+8XHAXLZ4/HuxiJgydtR328r5Iq+ltTFUa5
                WIVG30B0UILxD3QPTRbKE85KyEIeo3DiLZioy8j0YdRNnSKagvaVcJG3+7pa8fuV6kjHrrVSVhCfOu2Ehxdf5Bpq
                gUZwKeVQENwPx23wAR/owBedic1wjkUuw/Lm+9rf/BisjohI77Q4hey4dAe4Jp/vEUU5qp3cakFqPAxYHc1CMxJ1
                DlHXQRkwxByO4xgCp2JihFyJDdg7fJh6XTdaZD0BMfSfLYSylzeffwxhvQpfvar7vZuXFezre871DxSthCuImLKO
                YAQmy1KA6vmclqIubyz2Id2+edDCpRknZOS2kXJtP2RAaJCLT6iL/TN2uQC8YayOyyPbUg2hQOxKmImkfzlzOz69
                sRgGleS9muG+3SKl71e+d0bquEjRYGp8QjMaIqAJNDJk2yBSI85zxq9SutfzCENP9Qw3yNmvSGbymyXWXIeKbRjZ
                8KkQYSiFsA68Qa4XYFrf3bYkO3NHVqMWFZvKf+p2KLEq4BM26jjsrtsXkjsPpG/50DdVQuCTzNMsAHsp09kznwZq
                v39zV7XU4zdiklPrWNjrREQ3VP8KAdSdT0VRFY2HCINJKM8ABbOWfQc4SWpTKbqE7RgFsCRvy80RdXAXJOhoRiJ7
                7V+vHZs5aTv8sBgC/TGcSTNizAXBNbjbj4sJuflZTl3MI3daWR/04Wbxc4WB4SqwiObfsHFyXOc0ereuL7i59G/N
                jRsjXdem4+t3u6Ouuk7JPKJgrvyQF/urHSHCXizRiNDoJRKjJr2NDU4XJ3//VjxlW6XhqzURXE5t52tp6KjfCgz4
                4LE2LkK9YXD1oCKwKzmE0EcIq4pErp5MFo40BNgFzBzDv783oIQgFU8r+aPFWm/8vKAoo/nMXm/ABMlr0spTRoGi
                CY9sqOeb0PZ73lB1Npxj8GA9EGqE8mvfrWvBSAL/+Zwcj8/CvlX30yo9OjhRR3w1/0eDLQIZh9VAMXj7UW3W+K1V
                bVaDu5ulVKEs3qzgWs0wuamgWQ0uPBSKrU60hvxpXjUfFadW6/J1wioI1mnjPFEatO3XuGrIpHI53o0y11t4ajaG
                kPGVoSVghBEipA14N+ufK7DPlXo0UgpjqvA9cdvQp/GpbWjPowEi2qecMok3zfEY4JIt45zX29v0TuPeJnIvEK3C
                lJuUFuX4phCkIchrkuqPlt/x6hahaRLXF/D9+8MihV82R5IWKwsHY5AFBeXq/JarqA0xmElQNU+2Sz5h8IIc/4N6
                z2noJ3jWrr2FRT6hKdW3IgNvQbrM6KUXz9qd9P98PQr+LuPyJn2tS2UFCd46tBjWfQ==
                """,
            sharedSecretHex: "b844309b66dd6ccc066b1c00cf999d3da3088ccfc6042e760d144f81a27a4e90",
            rejectedSecretHex: "a5b1ce6c9e7d65504c7b7ddbc550d0506024125a2fec2d72c7edf2e1ee1d86b7"
        ),
    ]
}
