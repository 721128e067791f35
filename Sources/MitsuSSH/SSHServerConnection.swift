import Crypto
import Foundation
import MitsuCore

/// What the connection asks its I/O shell to do.
public enum SSHOutput: Equatable, Sendable {
    case send([UInt8])
    /// Send after a delay: OpenSSH answers a failed password after a short pause, and so must we.
    case sendAfter([UInt8], milliseconds: Int)
    case event(Event)
    /// Close after everything before it has been sent.
    case close(reason: String)
    /// A session channel asked for a shell or a command: start the fake host for it.
    case startShell(channel: UInt32, ShellRequest)
    /// Client input for a running shell, in order.
    case shellInput(channel: UInt32, ShellInput)
    /// The client sent EOF on the channel: the shell's input ends.
    case shellInputEnd(channel: UInt32)
    /// The channel is closed: stop its shell, whatever it is doing.
    case stopShell(channel: UInt32)
}

/// Everything one connection needs to know that does not change during it.
public struct SSHServerContext: Sendable {
    public var persona: SSHPersona {
        didSet { announcements = ServerAnnouncements(persona) }
    }
    /// The persona's identification, KEXINIT and EXT_INFO, encoded once.
    private(set) var announcements: ServerAnnouncements
    public var hostKeys: HostKeySet
    public var policy: LoginPolicy
    public var hostname: String
    public var maxAuthTries: Int
    /// The fake host behind every session channel.
    public var shell: any ShellProgram
    /// When the server starts a new key exchange by itself (OpenSSH RekeyLimit).
    public var rekey = RekeyLimit()

    public init(persona: SSHPersona, hostKeys: HostKeySet, policy: LoginPolicy, hostname: String, maxAuthTries: Int = 6,
                shell: any ShellProgram) {
        self.persona = persona
        announcements = ServerAnnouncements(persona)
        self.hostKeys = hostKeys
        self.policy = policy
        self.hostname = hostname
        self.maxAuthTries = maxAuthTries
        self.shell = shell
    }
}

/// One SSH server connection as a pure state machine: bytes in, `SSHOutput`s out (RFC 4253 transport,
/// RFC 4252 authentication, RFC 4254 connection). The NIO handler only moves bytes and runs timers.
public final class SSHServerConnection {
    enum Phase {
        case identification
        case awaitingKexInit
        case keyExchange(any ServerKeyExchange)
        case awaitingNewKeys
        case authenticated
        case open
        case closed
    }

    let context: SSHServerContext
    public let session: SessionID
    let endpoints: Endpoints
    var phase: Phase = .identification
    var framer = PacketFramer()
    var clientVersion: [UInt8] = []
    var clientKexInit: [UInt8] = []
    var serverKexInit: [UInt8] = []
    var negotiated: NegotiatedAlgorithms?
    var sessionID: [UInt8]?
    var pendingKeys: (inbound: any InboundPacketProtection, outbound: any OutboundPacketProtection)?
    var strictKex = false
    var wantsExtInfo = false
    var firstKex = true
    var userauthServiceAccepted = false
    var failedAuth = 0
    var authenticatedUser: String?
    var channels = ChannelTable()
    /// From our KEXINIT until our NEWKEYS only transport and kex messages may go out (RFC 4253 §7.1);
    /// anything else (shell output) waits here and goes out under the new keys.
    var kexInProgress = false
    var heldPayloads: [[UInt8]] = []
    /// Traffic and time since the last key exchange, for the server's own rekeying.
    var bytesSinceKex: UInt64 = 0
    var lastKex = ContinuousClock.now

    public init(context: SSHServerContext, session: SessionID, endpoints: Endpoints) {
        self.context = context
        self.session = session
        self.endpoints = endpoints
        if context.persona.style == .dropbear { framer.outbound = PlaintextProtection(randomPadding: true) }
    }

    func event(_ kind: EventKind) -> Event {
        var e = Event(kind: kind, honeypot: "ssh", session: session)
        e.set(endpoints, transport: "tcp")
        e.protocol = "ssh"
        return e
    }

    /// The server's identification line, sent as soon as the connection opens (like sshd).
    public func start() -> [SSHOutput] {
        let banner: [SSHOutput] = [.send(context.announcements.bannerLine)]
        return context.persona.style == .dropbear ? banner + sendKexInit() : banner
    }

    /// Generic so that the handler hands over its ByteBuffer's bytes without copying them into an array
    /// first (the framer's buffer is the one copy).
    public func receive<Bytes: Collection>(_ bytes: Bytes) -> [SSHOutput] where Bytes.Element == UInt8 {
        guard !isClosed else { return [] }
        bytesSinceKex &+= UInt64(bytes.count)
        framer.append(bytes)
        var out: [SSHOutput] = []
        if case .identification = phase {
            switch Identification.parse(framer.unframed) {
            case .needMoreData:
                return out
            case .rejected(let reply, let reason):
                phase = .closed
                var e = event(.protocolError)
                e.message = reason
                if context.persona.style == .dropbear { return [.event(e), .close(reason: reason)] }
                return [.event(e), .send(reply), .close(reason: reason)]
            case .accepted(let version, let consumed):
                framer.consumeUnframed(consumed)
                clientVersion = Array(version.utf8)
                var e = event(.sshClientVersion)
                e.clientVersion = version
                out.append(.event(e))
                // A Dropbear persona sent its KEXINIT with the banner already.
                if serverKexInit.isEmpty { out += sendKexInit() }
                phase = .awaitingKexInit
            }
        }
        while !isClosed {
            let payload: [UInt8]?
            do {
                payload = try framer.nextPacket()
            } catch let e as SSHPacketError {
                // sshd closes without a reply on a bad length or MAC, logging why.
                phase = .closed
                var ev = event(.protocolError)
                ev.message = e == .macMismatch ? "message authentication code incorrect" : "\(e)"
                out.append(.event(ev))
                out.append(.close(reason: ev.message ?? ""))
                return out
            } catch {
                phase = .closed
                out.append(.close(reason: "\(error)"))
                return out
            }
            guard let payload else { break }
            out += handle(payload)
        }
        return out + rekeyIfDue()
    }

    /// Starts a server-side rekey once the configured bytes or seconds have passed, as sshd does.
    func rekeyIfDue() -> [SSHOutput] {
        guard !isClosed, !kexInProgress, sessionID != nil, let n = negotiated else { return [] }
        switch phase {
        case .authenticated, .open, .awaitingKexInit: break
        default: return []
        }
        let limit = context.rekey.bytes ?? RekeyLimit.cipherDefault(n.cipherServerToClient)
        let timeUp = context.rekey.seconds.map { ContinuousClock.now - lastKex >= .seconds($0) } ?? false
        guard bytesSinceKex >= limit || timeUp else { return [] }
        return sendKexInit()
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    func send(_ payload: [UInt8]) -> SSHOutput {
        if kexInProgress, let type = payload.first, type >= 50 {
            heldPayloads.append(payload)
            return .send([])
        }
        bytesSinceKex &+= UInt64(payload.count)
        return .send(framer.seal(payload))
    }

    func disconnect(_ reason: UInt32, _ description: String) -> [SSHOutput] {
        var w = SSHWriter(message: SSHMessage.disconnect)
        w.uint32(reason)
        w.string(description)
        w.string("")
        let packet = send(w.bytes)
        phase = .closed
        return [packet, .close(reason: description)]
    }

    // MARK: - Transport

    func sendKexInit() -> [SSHOutput] {
        serverKexInit = context.announcements.kexInitPayload(cookie: RandomPool.shared.bytes(16))
        kexInProgress = true
        return [send(serverKexInit)]
    }

    func handle(_ payload: [UInt8]) -> [SSHOutput] {
        guard let type = payload.first else { return disconnect(SSHDisconnectReason.protocolError, "empty packet") }
        // Under strict kex nothing but kex messages may arrive before the first NEWKEYS (Terrapin).
        if strictKex, firstKex, !(20...49).contains(type) {
            return disconnect(SSHDisconnectReason.protocolError, "strict KEX violation: unexpected packet type \(type)")
        }
        switch type {
        case SSHMessage.ignore, SSHMessage.debug, SSHMessage.unimplemented:
            return []
        case SSHMessage.disconnect:
            phase = .closed
            return [.close(reason: "client disconnected")]
        case SSHMessage.kexInit:
            return receiveKexInit(payload)
        case SSHMessage.newKeys:
            return receiveNewKeys()
        case 30...49:
            return receiveKexMessage(payload)
        default:
            break
        }
        switch phase {
        case .authenticated, .open:
            return handleService(payload)
        case .awaitingKexInit:
            // After the first key exchange the client may go straight on with its service request.
            if sessionID != nil { return handleService(payload) }
            return disconnect(SSHDisconnectReason.protocolError, "protocol error: unexpected message \(type)")
        default:
            return disconnect(SSHDisconnectReason.protocolError, "protocol error: unexpected message \(type)")
        }
    }

    func receiveKexInit(_ payload: [UInt8]) -> [SSHOutput] {
        guard let client = KexInit.parse(payload) else {
            return disconnect(SSHDisconnectReason.protocolError, "invalid KEXINIT")
        }
        // Ours was sent from the persona's announcements (only its cookie differs): no need to parse it back.
        let server = context.announcements.kexInit
        var out: [SSHOutput] = []
        if firstKex {
            // Strict kex only when both sides offer it (a legacy persona does not).
            if !strictKex, client.kex.contains("kex-strict-c-v00@openssh.com"), server.kex.contains("kex-strict-s-v00@openssh.com") {
                strictKex = true
            }
            if framer.inboundSequence != 1, strictKex {
                return disconnect(SSHDisconnectReason.protocolError, "strict KEX violation: KEXINIT was not the first packet")
            }
            wantsExtInfo = client.kex.contains("ext-info-c")
            var e = event(.sshClientKex)
            let hasshInput = client.hasshInput
            e.hasshAlgorithms = hasshInput
            e.hassh = Digests.md5(Array(hasshInput.utf8))
            e.clientVersion = String(decoding: clientVersion, as: UTF8.self)
            out.append(.event(e))
        } else if !kexInProgress {
            // A rekey started by the client: answer with our KEXINIT. (When we started it, ours is out.)
            out += sendKexInit()
        }
        clientKexInit = payload
        do {
            let n = try NegotiatedAlgorithms.negotiate(client: client, server: server)
            guard let method = KexMethods.make(n.kex) else { throw KexError.unsupported(n.kex) }
            negotiated = n
            phase = .keyExchange(method)
        } catch {
            var e = event(.protocolError)
            e.message = "no matching algorithm: \(error)"
            out.append(.event(e))
            return out + disconnect(SSHDisconnectReason.keyExchangeFailed, "no matching key exchange method found")
        }
        return out
    }

    func receiveKexMessage(_ payload: [UInt8]) -> [SSHOutput] {
        guard case .keyExchange(var method) = phase, let n = negotiated, let hostKey = context.hostKeys.key(for: n.hostKey) else {
            if case .open = phase { return handleService(payload) }
            if case .authenticated = phase { return handleService(payload) }
            return disconnect(SSHDisconnectReason.protocolError, "protocol error: unexpected kex message")
        }
        let transcript = KexTranscript(clientVersion: clientVersion, serverVersion: context.announcements.banner,
                                       clientKexInit: clientKexInit, serverKexInit: serverKexInit, hostKeyBlob: hostKey.publicKeyBlob)
        do {
            let step = try method.receive(payload, transcript: transcript) { try hostKey.signature(over: $0, algorithm: n.hostKey) }
            switch step {
            case .reply(let reply):
                phase = .keyExchange(method)
                return [send(reply)]
            case .done(let result):
                let sid = sessionID ?? result.exchangeHash
                sessionID = sid
                pendingKeys = try makeKeys(result, sessionID: sid, algorithms: n)
                phase = .awaitingNewKeys
                var out = [send(result.reply), send([SSHMessage.newKeys])]
                // New outbound keys take effect right after our NEWKEYS.
                if let keys = pendingKeys {
                    framer.outbound = keys.outbound
                    if strictKex { framer.outboundSequence = 0 }
                }
                kexInProgress = false
                bytesSinceKex = 0
                lastKex = ContinuousClock.now
                if wantsExtInfo && firstKex && !context.persona.serverSigAlgs.isEmpty { out.append(send(context.announcements.extInfo)) }
                let held = heldPayloads
                heldPayloads = []
                out += held.map { send($0) }
                return out
            }
        } catch {
            var e = event(.protocolError)
            e.message = "key exchange failed: \(error)"
            return [.event(e)] + disconnect(SSHDisconnectReason.keyExchangeFailed, "key exchange failed")
        }
    }

    func receiveNewKeys() -> [SSHOutput] {
        guard case .awaitingNewKeys = phase, let keys = pendingKeys else {
            return disconnect(SSHDisconnectReason.protocolError, "protocol error: unexpected NEWKEYS")
        }
        framer.inbound = keys.inbound
        if strictKex { framer.inboundSequence = 0 }
        pendingKeys = nil
        firstKex = false
        phase = authenticatedUser == nil ? (userauthServiceAccepted ? .authenticated : .awaitingKexInit) : .open
        return []
    }

    func makeKeys(_ r: KexResult, sessionID: [UInt8], algorithms n: NegotiatedAlgorithms) throws
        -> (inbound: any InboundPacketProtection, outbound: any OutboundPacketProtection)
    {
        func derive(_ letter: Character, _ length: Int) -> [UInt8] {
            KeyDerivation.derive(letter: letter, length: length, sharedSecret: r.sharedSecret, exchangeHash: r.exchangeHash,
                                 sessionID: sessionID, hash: r.hashFunction)
        }
        guard let cs = CipherAlgorithm.sizes(n.cipherClientToServer), let sc = CipherAlgorithm.sizes(n.cipherServerToClient) else {
            throw KexError.unsupported("cipher")
        }
        let macCS = n.macClientToServer.flatMap(MACAlgorithm.named)?.keyLength ?? 0
        let macSC = n.macServerToClient.flatMap(MACAlgorithm.named)?.keyLength ?? 0
        let inKeys = CipherAlgorithm.Keys(iv: derive("A", cs.iv), key: derive("C", cs.key), macKey: derive("E", macCS))
        let outKeys = CipherAlgorithm.Keys(iv: derive("B", sc.iv), key: derive("D", sc.key), macKey: derive("F", macSC))
        guard let inbound = CipherAlgorithm.inbound(cipher: n.cipherClientToServer, mac: n.macClientToServer, keys: inKeys),
              let outbound = CipherAlgorithm.outbound(cipher: n.cipherServerToClient, mac: n.macServerToClient, keys: outKeys)
        else { throw KexError.unsupported("cipher/MAC") }
        return (inbound, outbound)
    }
}
