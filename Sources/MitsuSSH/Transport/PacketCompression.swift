import CompressNIO
import NIOCore

/// zlib@openssh.com: one zlib stream per direction, flushed at every packet, switched on only once the
/// user has authenticated ("delayed" compression, so pre-auth bytes never reach zlib).
/// Inflated packets are capped at the packet size limit: a compressed packet cannot expand into a bomb.
final class PacketCompression {
    private let compressor: ZlibCompressor
    private let decompressor: ZlibDecompressor
    private let allocator = ByteBufferAllocator()

    enum Failure: Error { case tooLarge, corrupt }

    init() throws {
        compressor = try ZlibCompressor(algorithm: .zlib)
        decompressor = try ZlibDecompressor(algorithm: .zlib)
    }

    func compress(_ payload: [UInt8]) -> [UInt8] {
        var from = allocator.buffer(bytes: payload)
        var to = allocator.buffer(capacity: payload.count + payload.count / 2 + 64)
        while true {
            do {
                try compressor.deflate(from: &from, to: &to, flush: .sync)
                return Array(to.readableBytesView)
            } catch let e as CompressNIOError where e == .bufferOverflow {
                to.reserveCapacity(minimumWritableBytes: to.capacity)
            } catch {
                return payload
            }
        }
    }

    func decompress(_ payload: [UInt8]) throws -> [UInt8] {
        var from = allocator.buffer(bytes: payload)
        var to = allocator.buffer(capacity: max(256, payload.count * 4))
        while true {
            do {
                try decompressor.inflate(from: &from, to: &to)
                return Array(to.readableBytesView)
            } catch let e as CompressNIOError where e == .bufferOverflow {
                guard to.capacity < sshMaxPacketLength else { throw Failure.tooLarge }
                to.reserveCapacity(minimumWritableBytes: to.capacity)
            } catch let e as CompressNIOError where e == .inputBufferOverflow {
                // All input consumed (the client flushed at the packet end): done.
                return Array(to.readableBytesView)
            } catch {
                throw Failure.corrupt
            }
        }
    }
}
