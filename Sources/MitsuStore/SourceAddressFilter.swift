import GRDB
import MitsuCore

/// A `src_ip` filter — one address or a CIDR block, IPv4 or IPv6 in any spelling — as both query layers
/// (`CompiledEventQuery`, `CompiledFilter`) use it: a condition over `events.src_ip`, the address index's
/// candidates (`lookup`), and, when the condition only narrows, the block each row must still fall in.
struct SourceAddressFilter {
    /// `src_ip = ?` (an address, or a /32 or /128), `src_ip >= ? AND src_ip < ?` (a block with a fixed
    /// text prefix) or the address family (a block without one: /0 to /7, or IPv6 starting with a zero
    /// group; canonical IPv6 always has a colon and IPv4 never does).
    var condition: String
    var arguments: [(any DatabaseValueConvertible)?]
    /// Where the candidates come from; nil for a family scan.
    var lookup: AddressLookup?
    /// Non-nil when `condition` only narrows: a text prefix is exact for neither every prefix length nor
    /// IPv6's compressed spelling, so rows need a byte comparison.
    var block: IPNetwork?

    init(_ text: String, since: Int64?, until: Int64?) throws {
        let invalid = StoreError.invalidQuery("src_ip filter \(text.prefix(80)) is neither an address nor a CIDR block")
        var address: String?
        block = nil
        if !text.contains("/") {
            // "" finds the events stored without an address.
            guard text.isEmpty || IPAddress(text) != nil else { throw invalid }
            address = IPAddress.canonicalText(text)
        } else {
            guard let network = IPNetwork(text) else { throw invalid }
            if network.isSingleAddress {
                address = network.address.text
            } else {
                block = network
            }
        }
        if let address {
            condition = "src_ip = ?"
            arguments = [address]
            lookup = AddressLookup(address: address)
        } else if let prefix = block?.textPrefix {
            let upper = IPNetwork.upperBound(ofPrefix: prefix)
            condition = "src_ip >= ? AND src_ip < ?"
            arguments = [prefix, upper]
            lookup = AddressLookup(from: prefix, below: upper)
        } else {
            condition = block?.address.isIPv4 == true ? "instr(src_ip, ':') = 0" : "instr(src_ip, ':') > 0"
            arguments = []
            lookup = nil
        }
        lookup?.since = since
        lookup?.until = until
    }
}
