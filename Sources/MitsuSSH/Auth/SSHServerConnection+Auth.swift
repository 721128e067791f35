import Crypto
import Foundation
import MitsuCore

extension SSHServerConnection {
    /// Messages after key exchange: the userauth service, then the connection protocol.
    func handleService(_ payload: [UInt8]) -> [SSHOutput] {
        guard let type = payload.first else { return [] }
        switch type {
        case SSHMessage.serviceRequest:
            var r = SSHReader(payload)
            _ = r.readByte()
            guard let name = r.readUTF8() else { return disconnect(SSHDisconnectReason.protocolError, "bad service request") }
            // Repeats are accepted again, as sshd does (paramiko asks before every attempt).
            guard name == "ssh-userauth", authenticatedUser == nil else {
                return disconnect(SSHDisconnectReason.serviceNotAvailable, "service not available")
            }
            userauthServiceAccepted = true
            phase = .authenticated
            var w = SSHWriter(message: SSHMessage.serviceAccept)
            w.string(name)
            return [send(w.bytes)]
        case SSHMessage.userauthRequest:
            guard userauthServiceAccepted else { return disconnect(SSHDisconnectReason.protocolError, "userauth before service request") }
            // After success further requests are ignored, as RFC 4252 §5.1 says.
            guard authenticatedUser == nil else { return [] }
            return userauth(payload)
        default:
            guard authenticatedUser != nil else {
                return disconnect(SSHDisconnectReason.protocolError, "protocol error: message \(type) before authentication")
            }
            return handleConnection(payload)
        }
    }

    /// zlib@openssh.com starts right after USERAUTH_SUCCESS in both directions: the client compresses
    /// everything it sends after reading it, we compress everything after sending it.
    func startDelayedCompression() {
        guard let n = negotiated else { return }
        if n.compressionServerToClient == "zlib@openssh.com" { framer.compressOut = try? PacketCompression() }
        if n.compressionClientToServer == "zlib@openssh.com" { framer.compressIn = try? PacketCompression() }
    }

    func authFailure(partial: Bool = false) -> [UInt8] {
        var w = SSHWriter(message: SSHMessage.userauthFailure)
        w.nameList(context.persona.authMethods)
        w.bool(partial)
        return w.bytes
    }

    func userauth(_ payload: [UInt8]) -> [SSHOutput] {
        guard let request = UserauthRequest.parse(payload) else {
            return disconnect(SSHDisconnectReason.protocolError, "bad userauth request")
        }
        let user = request.user
        guard request.service == "ssh-connection" else { return disconnect(SSHDisconnectReason.serviceNotAvailable, "bad service") }
        switch request.method {
        case .none:
            // Not counted by OpenSSH as a failure towards MaxAuthTries.
            return [send(authFailure())]
        case .password(let password, let newPassword):
            let allowed = newPassword == nil && context.policy.allows(ip: endpoints.srcIP, user: user, password: password)
            var e = event(allowed ? .loginSuccess : .loginFailed)
            e.username = user
            e.password = password
            if allowed {
                authenticatedUser = user
                phase = .open
                let success = send([SSHMessage.userauthSuccess])
                startDelayedCompression()
                return [.event(e), success]
            }
            return [.event(e)] + countFailure()
        case .publicKey(let algorithm, let blob, let signature):
            var e = event(.loginFailed)
            e.username = user
            e.keyType = algorithm
            e.fingerprint = "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
            // A key query (no signature) is answered like any unknown key; only signed attempts count.
            if signature == nil { return [.event(e), send(authFailure())] }
            return [.event(e)] + countFailure()
        case .keyboardInteractive:
            // Debian's sshd_config sets KbdInteractiveAuthentication no: refused, not counted, but logged.
            var e = event(.loginFailed)
            e.username = user
            e.message = "keyboard-interactive not offered"
            return [.event(e), send(authFailure())]
        case .other:
            return [send(authFailure())]
        }
    }

    /// A failed attempt: answered after OpenSSH's short delay; the MaxAuthTries-th ends the connection
    /// with OpenSSH's words.
    func countFailure() -> [SSHOutput] {
        failedAuth += 1
        if failedAuth >= context.maxAuthTries {
            return disconnect(SSHDisconnectReason.noMoreAuthMethodsAvailable, "Too many authentication failures")
        }
        var random = PooledRandomNumberGenerator()
        return [.sendAfter(framer.seal(authFailure()), milliseconds: Int.random(in: 5...9, using: &random))]
    }
}
