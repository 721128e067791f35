/// SSH_MSG_USERAUTH_REQUEST (RFC 4252 §5) parsed on its own, so the parser can be fuzzed without the
/// connection's crypto: `parse` returns nil for anything malformed, never traps.
struct UserauthRequest: Equatable {
    enum Method: Equatable {
        case none
        /// RFC 4252 §8; `newPassword` is set for a password-change request.
        case password(String, newPassword: String?)
        /// RFC 4252 §7: a query without signature, or a signed attempt.
        case publicKey(algorithm: String, blob: [UInt8], signature: [UInt8]?)
        /// RFC 4256.
        case keyboardInteractive(submethods: String)
        case other(String)
    }

    var user: String
    var service: String
    var method: Method

    static func parse(_ payload: [UInt8]) -> UserauthRequest? {
        var r = SSHReader(payload)
        guard r.readByte() == SSHMessage.userauthRequest, let userBytes = r.readString(), let service = r.readUTF8(),
              let name = r.readUTF8() else { return nil }
        // Names are shown as sent; invalid UTF-8 becomes U+FFFD rather than a refusal, as logs want it.
        let user = String(decoding: userBytes, as: UTF8.self)
        let method: Method
        switch name {
        case "none":
            method = .none
        case "password":
            guard let changing = r.readBool(), let password = r.readString() else { return nil }
            let newPassword: String?
            if changing {
                guard let p = r.readString() else { return nil }
                newPassword = String(decoding: p, as: UTF8.self)
            } else {
                newPassword = nil
            }
            method = .password(String(decoding: password, as: UTF8.self), newPassword: newPassword)
        case "publickey":
            guard let signed = r.readBool(), let algorithm = r.readUTF8(), let blob = r.readString() else { return nil }
            let signature: [UInt8]?
            if signed {
                guard let s = r.readString() else { return nil }
                signature = s
            } else {
                signature = nil
            }
            method = .publicKey(algorithm: algorithm, blob: blob, signature: signature)
        case "keyboard-interactive":
            _ = r.readString()  // language tag, deprecated
            method = .keyboardInteractive(submethods: r.readUTF8() ?? "")
        default:
            method = .other(name)
        }
        return UserauthRequest(user: user, service: service, method: method)
    }
}
