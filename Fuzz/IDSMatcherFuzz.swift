// libFuzzer target: MitsuIDS's matcher (prefilter, content inspection with relative matches and
// backtracking, byte_test/byte_jump/isdataat, pcre, HTTP buffer building) on arbitrary payload bytes,
// against a fixed set of rules that exercises every keyword.
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
    return 0
}
