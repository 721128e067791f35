/// The response tokens the honeypot writes (MS-TDS 2.2.7), in the layouts SQL Server uses.
public enum TDSTokens {
    static func bVarchar(_ s: String) -> [UInt8] {
        let units = Array(s.utf16.prefix(255))
        return [UInt8(units.count)] + TDS.utf16(String(decoding: units, as: UTF16.self))
    }

    static func usVarchar(_ s: String) -> [UInt8] {
        let units = Array(s.utf16.prefix(4000))
        var out: [UInt8] = []
        out.appendLE16(units.count)
        return out + TDS.utf16(String(decoding: units, as: UTF16.self))
    }

    /// PRELOGIN answer, laid out exactly as SQL Server lays it out (nmap's ms-sql-s fingerprints match
    /// these bytes): VERSION, ENCRYPTION, INSTOPT and an empty THREADID, values in that order after a
    /// 21-byte option table. Encryption "not supported", so the login then travels in the clear.
    public static func preLoginResponse(major: Int, minor: Int, build: Int) -> [UInt8] {
        let options: [(UInt8, [UInt8])] = [
            (0x00, [UInt8(major), UInt8(minor), UInt8(build >> 8), UInt8(build & 0xff), 0x00, 0x00]),
            (0x01, [0x02]),
            (0x02, [0x00]),
            (0x03, []),
        ]
        var header: [UInt8] = []
        var data: [UInt8] = []
        let base = options.count * 5 + 1
        for (token, value) in options {
            header.append(token)
            header.appendBE16(base + data.count)
            header.appendBE16(value.count)
            data += value
        }
        return header + [0xff] + data
    }

    static func envChange(_ type: UInt8, new: String, old: String) -> [UInt8] {
        let body = [type] + bVarchar(new) + bVarchar(old)
        var out: [UInt8] = [0xe3]
        out.appendLE16(body.count)
        return out + body
    }

    /// INFO (0xAB) or ERROR (0xAA). `modern`: TDS 7.2 and later, whose line numbers, row counts and user
    /// types are wider than TDS 7.0/7.1's (impacket still speaks 7.1).
    static func message(error: Bool, number: Int, state: UInt8, severity: UInt8, text: String, server: String, modern: Bool = true) -> [UInt8] {
        var body: [UInt8] = []
        body.appendLE32(number)
        body += [state, severity]
        body += usVarchar(text) + bVarchar(server) + bVarchar("")
        if modern { body.appendLE32(1) } else { body.appendLE16(1) }
        var out: [UInt8] = [error ? 0xaa : 0xab]
        out.appendLE16(body.count)
        return out + body
    }

    public static func done(status: Int = 0, command: Int = 0, rows: Int = 0, modern: Bool = true) -> [UInt8] {
        var out: [UInt8] = [0xfd]
        out.appendLE16(status)
        out.appendLE16(command)
        if modern { out.appendLE64(rows) } else { out.appendLE32(rows) }
        return out
    }

    public static func loginAck(tdsVersion: UInt32, major: Int, minor: Int, build: Int, server: String) -> [UInt8] {
        var body: [UInt8] = [0x01]
        body += [UInt8(tdsVersion >> 24), UInt8((tdsVersion >> 16) & 0xff), UInt8((tdsVersion >> 8) & 0xff), UInt8(tdsVersion & 0xff)]
        body += bVarchar("Microsoft SQL Server")
        body += [UInt8(major), UInt8(minor), UInt8(build >> 8), UInt8(build & 0xff)]
        var out: [UInt8] = [0xad]
        out.appendLE16(body.count)
        return out + body
    }

    /// What SQL Server sends after a good login: database, language and packet-size changes with their
    /// messages, the acknowledgement, DONE.
    public static func loginSuccess(tdsVersion: UInt32, major: Int, minor: Int, build: Int, server: String, database: String) -> [UInt8] {
        let modern = tdsVersion >= 0x7200_0000
        return envChange(1, new: database, old: "master")
            + message(error: false, number: 5701, state: 2, severity: 0, text: "Changed database context to '\(database)'.", server: server, modern: modern)
            + envChange(2, new: "us_english", old: "")
            + message(error: false, number: 5703, state: 1, severity: 0, text: "Changed language setting to us_english.", server: server, modern: modern)
            + loginAck(tdsVersion: tdsVersion, major: major, minor: minor, build: build, server: server)
            + envChange(4, new: "4096", old: "4096")
            + done(modern: modern)
    }

    public static func loginFailed(user: String, server: String, modern: Bool = true) -> [UInt8] {
        message(error: true, number: 18456, state: 1, severity: 14, text: "Login failed for user '\(user)'.", server: server, modern: modern)
            + done(status: 0x0002, modern: modern)
    }

    /// A one-column NVARCHAR result with one row, as `SELECT @@VERSION` returns it.
    public static func singleValue(column: String, value: String, modern: Bool = true) -> [UInt8] {
        var meta: [UInt8] = [0x81]
        meta.appendLE16(1)
        if modern { meta.appendLE32(0) } else { meta.appendLE16(0) } // user type
        meta.appendLE16(0x0001) // nullable
        meta.append(0xe7) // NVARCHAR
        meta.appendLE16(8000)
        meta += [0x09, 0x04, 0xd0, 0x00, 0x34] // SQL_Latin1_General_CP1_CI_AS
        meta += bVarchar(column)
        let data = TDS.utf16(value)
        var row: [UInt8] = [0xd1]
        row.appendLE16(data.count)
        row += data
        return meta + row + done(status: 0x0010, command: 0xc1, rows: 1, modern: modern)
    }
}
