import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blocking Unix-domain stream socket client, just enough for the worker → collector stream. Blocking
/// is deliberate: an event is in the kernel's buffer (and so survives a kill -9 of the worker) by the time
/// `emit` returns.
struct UnixSocketClient {
    private(set) var fd: Int32 = -1

    static func connect(path: String, sendTimeoutSeconds: Int = 2) -> UnixSocketClient? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            Glibc.close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        var timeout = timeval(tv_sec: sendTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE_COMPAT, &one, socklen_t(MemoryLayout<Int32>.size))
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard ok == 0 else {
            Glibc.close(fd)
            return nil
        }
        var client = UnixSocketClient()
        client.fd = fd
        return client
    }

    /// Writes everything or returns false (the caller then spools and reconnects later).
    func sendAll(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var base = bytes.baseAddress else { return true }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.send(fd, base, left, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            left -= n
            base += n
        }
        return true
    }

    mutating func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

/// Linux has no SO_NOSIGPIPE; MSG_NOSIGNAL on each send does the job. Setting option 0 is a harmless no-op.
private let SO_NOSIGPIPE_COMPAT: Int32 = 0
