// libFuzzer target: MitsuIDS's matcher (prefilter, content inspection with relative matches and
// backtracking, byte_test/byte_jump/isdataat, pcre, HTTP buffer building, the TLS/DNS/SSH buffers and the
// SSH banner split) on arbitrary payload bytes, against a fixed set of rules that exercises every keyword.
import Foundation

let fuzzEngine: IDSEngine = {
    let text = """
    alert tcp any any -> any any (msg:"a"; content:"GET"; content:"HTTP"; distance:0; within:200; sid:1;)
    alert tcp any any -> any any (msg:"b"; content:"|00|"; byte_jump:2,0,relative,little; content:"Z"; within:4; sid:2;)
    alert tcp any any -> any any (msg:"c"; content:"L"; byte_test:4,>,1000,0,relative,string,dec; isdataat:!10,relative; sid:3;)
    alert tcp any any -> any any (msg:"d"; content:"a"; content:"b"; distance:-3; within:5; content:!"c"; distance:0; sid:4;)
    alert tcp any any -> any any (msg:"e"; pcre:"/(?:ab|a)c+d{2,}/"; sid:5;)
    alert tcp any any -> any any (msg:"f"; content:"x"; nocase; endswith; dsize:<100; flowbits:set,x; sid:6;)
    alert tcp any any -> any any (msg:"g"; content:"y"; flowbits:isset,x; threshold:type both, track by_src, count 2, seconds 5; sid:7;)
    alert http any any -> any any (msg:"h"; http.uri; content:"/"; bsize:>1; http.header; pcre:"/host/i"; sid:8;)
    alert http any any -> any any (msg:"i"; http.request_body; content:"="; byte_jump:1,0,relative,string,hex,post_offset -1; sid:9;)
    alert tls any any -> any any (msg:"j"; tls.sni; content:"."; isdataat:!1,relative; ja4.hash; content:"t13"; startswith; sid:10;)
    alert tls any any -> any any (msg:"k"; ja3_hash; content:"0123456789ABCDEF0123456789abcdef"; ja3.string; pcre:"/^77[01],/"; sid:11;)
    alert dns any any -> any any (msg:"l"; dns_query; content:"evil"; nocase; content:"."; distance:0; bsize:<64; sid:12;)
    alert ssh any any -> any any (msg:"m"; ssh.proto; content:"2.0"; ssh.software; content:"SSH"; nocase; ssh.hassh.string; content:"|3b|"; sid:13;)
    alert ssh any any -> any any (msg:"n"; ssh.hassh; content:"0123456789abcdef0123456789abcdef"; sid:14;)
    """
    return IDSEngine(rules: RuleLoader.load(text: text).rules)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDSMatcher(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var input = InspectionInput(flowKey: "fuzz")
    input.transport = "tcp"
    input[.payload] = bytes
    _ = fuzzEngine.matchingRules(input)
    // The same bytes as a trap payload event: exercises the HTTP request parser and buffer building.
    var e = Event(kind: .payload, honeypot: "trap")
    e.transport = "tcp"
    e.payload = PayloadInfo(length: size, sha256: "", printable: "", b64: Data(bytes).base64EncodedString())
    _ = fuzzEngine.inspect(e)
    // The same bytes as the text fields protocol detection and the honeypots put on events.
    let text = String(decoding: bytes.prefix(1024), as: UTF8.self)
    var ssh = Event(kind: .sshClientVersion, honeypot: "ssh")
    ssh.protocol = "ssh"
    ssh.clientVersion = text
    _ = fuzzEngine.inspect(ssh)
    e.protocol = "ssh"
    e.clientVersion = text
    e.hassh = text
    e.hasshAlgorithms = text
    e.tls = TLSInfo(version: "1.3", sni: text, alpn: nil, ja3: text, ja3Hash: text, ja4: text)
    e.dns = DNSInfo(rrname: text, rrtype: "A")
    _ = fuzzEngine.inspect(e)
    return 0
}
