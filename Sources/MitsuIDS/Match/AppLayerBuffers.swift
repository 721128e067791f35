import MitsuCore

/// Fills the TLS, DNS and SSH sticky buffers from the fields protocol detection (trap payloads) and the
/// honeypots (MitsuWeb's `tls.client_hello`, MitsuSSH's `ssh.client.version` / `ssh.client.kex`) put on
/// an event. Each buffer holds what Suricata's buffer of the same name holds for the client side:
/// - `tls.sni`: the server name as sent; `ja3.string` / `ja3.hash` (lowercase hex MD5); `ja4.hash`: the
///   JA4 fingerprint (`t13d1516h2_…`).
/// - `dns.query`: the first question's name, labels joined by `.`, no trailing dot (the root is empty).
/// - `ssh.proto` / `ssh.software`: the client's identification line split by `SSHBanner`;
///   `ssh.hassh` (lowercase hex MD5) and `ssh.hassh.string` (`kex;ciphers;macs;compression`).
enum AppLayerBuffers {
    static func fill(_ input: inout InspectionInput, from event: Event) {
        if let tls = event.tls {
            set(&input, .tlsSNI, tls.sni)
            set(&input, .ja3String, tls.ja3)
            set(&input, .ja3Hash, tls.ja3Hash?.lowercased())
            set(&input, .ja4Hash, tls.ja4)
        }
        if let name = event.dns?.rrname {
            input[.dnsQuery] = name == "." ? [] : Array(name.utf8)
        }
        // `client_version` also carries ADB, MSSQL, SIP … client names: only an SSH event's is a banner.
        guard input.appProtocol == "ssh" else { return }
        // MitsuSSH's `ssh.client.kex` repeats the banner its `ssh.client.version` already gave: inspecting
        // it again would alert twice per session on every `ssh.software` rule.
        if event.kind != .sshClientKex, let line = event.clientVersion, let banner = SSHBanner(line) {
            input[.sshProto] = banner.proto
            input[.sshSoftware] = banner.software
        }
        set(&input, .sshHassh, event.hassh?.lowercased())
        set(&input, .sshHasshString, event.hasshAlgorithms)
    }

    private static func set(_ input: inout InspectionInput, _ kind: BufferKind, _ value: String?) {
        if let value { input[kind] = Array(value.utf8) }
    }
}
