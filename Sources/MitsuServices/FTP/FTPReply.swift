/// vsftpd 3.0.3's reply texts (Debian 12), verbatim: scanners and nmap's service probes compare them.
enum FTPReply {
    static let needPassword = "331 Please specify the password."
    static let loginOK = "230 Login successful."
    static let loginIncorrect = "530 Login incorrect."
    static let userFirst = "503 Login with USER first."
    static let pleaseLogin = "530 Please login with USER and PASS."
    static let alreadyLoggedIn = "230 Already logged in."
    static let syst = "215 UNIX Type: L8"
    static let feat = "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End"
    static let noop = "200 NOOP ok."
    static let goodbye = "221 Goodbye."
    static let unknown = "500 Unknown command."
    static let cwdOK = "250 Directory successfully changed."
    static let cwdFailed = "550 Failed to change directory."
    static let typeBinary = "200 Switching to Binary mode."
    static let typeASCII = "200 Switching to ASCII mode."
    static let typeBad = "500 Unrecognised TYPE command."
    static let portOK = "200 PORT command successful. Consider using PASV."
    static let eprtOK = "200 EPRT command successful. Consider using EPSV."
    static let illegalPORT = "500 Illegal PORT command."
    static let illegalEPRT = "500 Illegal EPRT command."
    static let badEPRT = "500 Bad EPRT command."
    static let usePASV = "425 Use PORT or PASV first."
    static let cannotConnect = "425 Failed to establish connection."
    static let listStart = "150 Here comes the directory listing."
    static let listDone = "226 Directory send OK."
    static let storStart = "150 Ok to send data."
    static let transferDone = "226 Transfer complete."
    static let openFailed = "550 Failed to open file."
    static let createFailed = "553 Could not create file."
    static let writeFailed = "451 Failure writing to local file."
    static let networkFailed = "426 Failure writing network stream."
    static let sizeFailed = "550 Could not get file size."
    static let mdtmFailed = "550 Could not get file modification time."
    static let utf8 = "200 Always in UTF8 mode."
    static let optsBad = "501 Option not understood."
    static let noAbort = "225 No transfer to ABOR."
    static let structOK = "200 Structure set to F."
    static let modeOK = "200 Mode set to S."
    static let permissionDenied = "550 Permission denied."
    static let deleteOK = "250 Delete operation successful."
    static let passiveFailed = "500 Failed to create passive socket."

    static let help = [
        "214-The following commands are recognized.",
        " ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD",
        " MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR",
        " RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD",
        " XPWD XRMD",
        "214 Help OK.",
    ].joined(separator: "\r\n")

    /// STAT without an argument, as vsftpd words it (nmap's ftp-syst script shows it).
    static func status(client: String, user: String, binary: Bool) -> String {
        [
            "211-FTP server status:",
            "     Connected to \(client)",
            "     Logged in as \(user)",
            "     TYPE: \(binary ? "BINARY" : "ASCII")",
            "     No session bandwidth limit",
            "     Session timeout in seconds is 300",
            "     Control connection is plain text",
            "     Data connections will be plain text",
            "     At session startup, client count was 1",
            "     vsFTPd 3.0.3 - secure, fast, stable",
            "211 End of status",
        ].joined(separator: "\r\n")
    }

    static func pwd(_ dir: String) -> String { "257 \"\(dir)\" is the current directory" }
    static func mkd(_ dir: String) -> String { "257 \"\(dir)\" created" }
    static func rest(_ n: Int) -> String { "350 Restart position accepted (\(n))." }
    static func retrStart(_ name: String, size: Int) -> String {
        "150 Opening BINARY mode data connection for \(name) (\(size) bytes)."
    }
}

