// libFuzzer target: MitsuIDS's rule parser (header, option splitting, escaping, every keyword's value
// parser, pcre translation) on arbitrary rule text. Must never trap or hang, only load or reject.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDSRuleParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (rules, _) = RuleLoader.load(text: text)
    // Whatever loaded must also build an engine and survive inspection of its own text.
    if !rules.isEmpty {
        let engine = IDSEngine(rules: rules)
        var input = InspectionInput(flowKey: "fuzz")
        input.transport = "tcp"
        input[.payload] = Array(text.utf8)
        input[.httpURI] = Array(text.utf8)
        // The TLS, DNS and SSH sticky buffers too, so rules on them (digest contents included) run.
        for buffer in [BufferKind.tlsSNI, .ja3Hash, .ja3String, .ja4Hash, .dnsQuery, .sshProto, .sshSoftware, .sshHassh, .sshHasshString] {
            input[buffer] = Array(text.utf8.prefix(512))
        }
        input.fillTransformed()
        _ = engine.matchingRules(input)
    }
    return 0
}
