#if canImport(Glibc)
import Glibc
#endif
import MitsuEnrich
import NIOCore
import NIOPosix

/// Name resolution for downloads: literal addresses are parsed, names go through getaddrinfo on NIO's
/// blocking pool, bounded in time. The caller checks every result against the `FetchPolicy`.
enum Resolver {
    static func resolve(_ host: String, timeout: TimeAmount) async -> [IPAddress] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let literal = IPAddress(bare) { return [literal] }
        // Attacker-supplied names: only plausible host names reach the resolver.
        guard !bare.isEmpty, bare.utf8.count <= 253,
              bare.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return [] }
        let pool = NIOThreadPool.singleton
        let lookup: @Sendable () -> [IPAddress] = { getaddrinfoAddresses(bare) }
        return await withTaskGroup(of: [IPAddress]?.self) { group in
            group.addTask { try? await pool.runIfActive(lookup) }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
    }

    private static func getaddrinfoAddresses(_ name: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor, out.count < 16 {
            if let sa = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    let bytes = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                        withUnsafeBytes(of: p.pointee.sin_addr) { Array($0) }
                    }
                    if let ip = IPAddress(bytes: bytes) { out.append(ip) }
                } else if info.pointee.ai_family == AF_INET6 {
                    let bytes = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
                    }
                    if let ip = IPAddress(bytes: bytes) { out.append(ip) }
                }
            }
            cursor = info.pointee.ai_next
        }
        return out
    }
}
