/// The two ends of a connection as events report them.
public struct Endpoints: Sendable, Equatable {
    public var srcIP: String
    public var srcPort: Int
    public var destIP: String
    public var destPort: Int

    public init(srcIP: String, srcPort: Int, destIP: String, destPort: Int) {
        self.srcIP = srcIP
        self.srcPort = srcPort
        self.destIP = destIP
        self.destPort = destPort
    }
}

extension Event {
    /// Fills the address fields of an event from a connection's endpoints.
    public mutating func set(_ e: Endpoints, transport: String) {
        srcIP = e.srcIP
        srcPort = e.srcPort
        destIP = e.destIP
        destPort = e.destPort
        self.transport = transport
    }
}
