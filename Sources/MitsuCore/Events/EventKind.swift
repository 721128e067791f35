/// Every kind of event Mitsu can emit. The raw value is the dotted name written to the `event` field.
///
/// This enum is the single source of truth: code can only emit an `Event` whose kind is listed here, and
/// `docs/events.md` must describe every case (a test compares the two), so the catalogue never lags the code.
public enum EventKind: String, Sendable, CaseIterable, Codable, Hashable {
    // Connection lifecycle, shared by every honeypot.
    case sessionConnect = "session.connect"
    case sessionClose = "session.close"
    /// A connection refused by a limit (per-IP, global, rate) before any protocol byte was exchanged.
    case sessionRefused = "session.refused"
    /// A session cut short because it hit its byte or time cap.
    case sessionLimit = "session.limit"

    // Credentials and commands.
    case loginFailed = "login.failed"
    case loginSuccess = "login.success"
    case commandInput = "command.input"
    case commandFailed = "command.failed"
    /// What a running command read from the interactive terminal (`cat > f`, `read`, `passwd`); MitsuShell.
    case commandStdin = "command.stdin"

    // Files.
    case fileDownload = "file.download"
    /// A download the fake host attempted that brought nothing back (refused, unresolved, timed out, HTTP error).
    case fileDownloadFailed = "file.download.failed"
    case fileUpload = "file.upload"
    /// A file a shell session built itself (redirect, printf, `echo -e`, `base64 -d`, `cat >`); MitsuShell.
    case fileCreated = "file.created"

    // Protocol payloads.
    case payload = "payload"
    case httpRequest = "http.request"
    /// A URL an attack points at (dropper, RFI target, JNDI callback); MitsuWeb.
    case urlSeen = "url.seen"
    /// A lure that shows the install's canary secrets (`/.env`, `/.git/config`) was served; MitsuWeb.
    case canaryLeaked = "canary.leaked"
    /// A canary secret came back: a login or request on any honeypot used a value only the leak showed
    /// (added by the collector, which knows every honeypot's events).
    case canaryUsed = "canary.used"
    case sshClientVersion = "ssh.client.version"
    /// A TLS ClientHello on an HTTPS port, with its JA3/JA4 (`tls`); MitsuWeb.
    case tlsClientHello = "tls.client_hello"
    case sshClientKex = "ssh.client.kex"
    /// A port-forwarding request (direct-tcpip, tcpip-forward): logged, never connected anywhere.
    case tcpForwardRequest = "tcp.forward.request"
    case idsAlert = "ids.alert"
    /// Bytes a parser could not accept; the connection is closed after this event.
    case protocolError = "protocol.error"

    // MitsuServices (Dionaea's protocols): every command a client sends, field `input`.
    case ftpCommand = "ftp.command"
    case mysqlCommand = "mysql.command"
    case mssqlCommand = "mssql.command"
    /// An SMB exploit or vulnerability check (MS17-010/EternalBlue, DoublePulsar, SMBGhost): `attack`.
    case smbExploit = "smb.exploit"
    /// One SIP request (any method), field `sip`; `sip.scanner` names a known scanner's User-Agent.
    case sipRequest = "sip.request"

    // The sensor itself.
    case sensorStart = "sensor.start"
    case sensorStop = "sensor.stop"
    case sensorCrash = "sensor.crash"
    case sensorRestart = "sensor.restart"
    /// A listener that could not bind (port in use, no permission); the other listeners keep running.
    case sensorBindFailed = "sensor.bind_failed"
    /// The collector could not write to a store (disk full, corrupt database); events stay spooled.
    case sensorStoreError = "sensor.store_error"
}
