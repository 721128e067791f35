#if canImport(MitsuCore)
import MitsuCore
#endif

/// What a TFTP transfer asks its NIO shell to do.
public enum TFTPOutput: Equatable, Sendable {
    /// A datagram to the client's transfer port.
    case send([UInt8])
    case event(Event)
    /// The transfer is over: close its socket.
    case finish
}

/// One TFTP transfer (RRQ or WRQ) on its own port, as a pure state machine: option negotiation
/// (blksize, tsize, timeout), lock-step DATA/ACK, retransmission of the last packet on `timeout()`,
/// and the byte cap on uploads. Duplicate ACKs are ignored (no Sorcerer's Apprentice).
public struct TFTPTransfer {
    public struct Settings: Sendable {
        public var maxUploadBytes = 16 << 20
        public var timeoutSeconds = 3
        public var retries = 5
        public init() {}
    }

    public let context: ServiceContext
    public let request: TFTPRequest
    public let isWrite: Bool
    let settings: Settings
    let storage: UploadStorage
    public private(set) var blockSize = 512
    public private(set) var timeoutSeconds: Int
    var file: [UInt8] = []
    var block: UInt16 = 0
    var lastDataLength = 0
    var received: [UInt8] = []
    var lastPacket: [UInt8] = []
    var retriesLeft: Int
    /// Whether a valid packet came back from the client's port: until then the request may have been
    /// spoofed, so the first packet is repeated only once (a reflected RRQ gains little).
    var heardFromClient = false
    public private(set) var isFinished = false
    let found: Bool

    public init(request: TFTPRequest, isWrite: Bool, context: ServiceContext, settings: Settings,
                bait: [String: [UInt8]], storage: @escaping UploadStorage) {
        self.request = request
        self.isWrite = isWrite
        self.context = context
        self.settings = settings
        self.storage = storage
        self.timeoutSeconds = settings.timeoutSeconds
        self.retriesLeft = settings.retries
        let name = request.filename.split(separator: "/").last.map(String.init) ?? request.filename
        let content = bait[name]
        found = content != nil
        file = request.mode == "netascii" ? NetASCII.encode(content ?? []) : (content ?? [])
    }

    public var timeoutMilliseconds: Int { timeoutSeconds * 1000 }

    mutating func send(_ packet: TFTPPacket) -> TFTPOutput {
        lastPacket = packet.bytes
        retriesLeft = settings.retries
        return .send(lastPacket)
    }

    mutating func end(_ packet: TFTPPacket? = nil) -> [TFTPOutput] {
        isFinished = true
        return (packet.map { [TFTPOutput.send($0.bytes)] } ?? []) + [.finish]
    }

    public mutating func start() -> [TFTPOutput] {
        var logged = context.event(.commandInput)
        let opts = request.options.map { " \($0.name)=\($0.value)" }.joined()
        logged.input = String("\(isWrite ? "WRQ" : "RRQ") \(request.filename) \(request.mode)\(opts)".prefix(1024))
        logged.filename = String(request.filename.prefix(512))
        var out: [TFTPOutput] = [.event(logged)]
        if !isWrite, !found { return out + end(.error(code: 1, message: "File not found")) }
        var accepted: [(String, String)] = []
        for (name, value) in request.options where !accepted.contains(where: { $0.0 == name }) {
            switch name {
            case "blksize":
                guard let v = Int(value), v >= 8 else { continue }
                blockSize = min(v, 65464)
                accepted.append((name, String(blockSize)))
            case "timeout":
                guard let v = Int(value), (1...255).contains(v) else { continue }
                timeoutSeconds = v
                accepted.append((name, value))
            case "tsize":
                if isWrite {
                    guard let v = Int(value), v >= 0 else { continue }
                    if v > settings.maxUploadBytes { return out + end(.error(code: 3, message: "Disk full or allocation exceeded")) }
                    accepted.append((name, value))
                } else {
                    accepted.append((name, String(file.count)))
                }
            default:
                continue
            }
        }
        if !accepted.isEmpty {
            out.append(send(.optionAck(accepted)))
        } else if isWrite {
            out.append(send(.ack(block: 0)))
        } else {
            out += nextData()
        }
        return out
    }

    mutating func nextData() -> [TFTPOutput] {
        let start = Int(block) * blockSize
        block &+= 1
        let chunk = start < file.count ? Array(file[start..<min(file.count, start + blockSize)]) : []
        lastDataLength = chunk.count
        return [send(.data(block: block, bytes: chunk))]
    }

    /// A datagram from the client's transfer port.
    public mutating func receive(_ datagram: [UInt8]) -> [TFTPOutput] {
        guard !isFinished else { return [] }
        guard let packet = TFTPPacket.parse(datagram) else {
            return [.event(context.protocolError("malformed TFTP packet (\(datagram.count) bytes)"))] + end(.error(code: 4, message: "Illegal TFTP operation"))
        }
        heardFromClient = true
        switch (packet, isWrite) {
        case (.ack(let n), false):
            guard n == block else { return [] }
            // A short block was the last; its ACK ends the transfer. Block 0 is the ACK of the OACK.
            if block > 0, lastDataLength < blockSize {
                var done = context.event(.fileDownload)
                done.filename = String(request.filename.prefix(512))
                done.size = Int64(file.count)
                return [.event(done)] + end()
            }
            // Block numbers would wrap past 65535; bait files are far smaller, so this only cuts abuse.
            guard block < UInt16.max else { return end() }
            return nextData()
        case (.data(let n, let bytes), true):
            if n == block { return [.send(lastPacket)] }
            guard n == block &+ 1, bytes.count <= blockSize else { return [] }
            block = n
            let room = settings.maxUploadBytes - received.count
            if bytes.count > room {
                received += bytes.prefix(max(0, room))
                return complete(truncated: true) + end(.error(code: 3, message: "Disk full or allocation exceeded"))
            }
            received += bytes
            let ack = send(.ack(block: n))
            if bytes.count < blockSize { return [ack] + complete(truncated: false) + end() }
            return [ack]
        case (.error, _):
            return end()
        default:
            return [.event(context.protocolError("unexpected TFTP packet during a \(isWrite ? "write" : "read")"))]
                + end(.error(code: 4, message: "Illegal TFTP operation"))
        }
    }

    mutating func complete(truncated: Bool) -> [TFTPOutput] {
        let content = request.mode == "netascii" ? NetASCII.decode(received) : received
        received = []
        guard let stored = storage(content) else { return [] }
        return [.event(context.uploadEvent(stored, filename: request.filename, truncated: truncated))]
    }

    /// Nothing arrived for `timeoutMilliseconds`: send the last packet again, or give up.
    public mutating func timeout() -> [TFTPOutput] {
        guard !isFinished else { return [] }
        guard retriesLeft > 0, !lastPacket.isEmpty, heardFromClient || retriesLeft == settings.retries else { return end() }
        retriesLeft -= 1
        return [.send(lastPacket)]
    }
}
