import CompressNIO
import NIOCore

/// Gzip compression of a whole file, streamed: a day of events can be gigabytes, so the file is read,
/// compressed and written 256 KiB at a time and memory use stays flat whatever its size.
enum GzipFile {
    static let chunkSize = 256 * 1024

    /// Writes `source` gzip-compressed to `destination` (created or truncated) and fsyncs it, so that a
    /// `.gz` that is renamed into place afterwards is complete even after a power cut.
    static func compress(_ source: String, to destination: String) throws {
        let input = try POSIXFile.openForReading(source)
        defer { POSIXFile.close(input) }
        let output = try POSIXFile.createTruncating(destination)
        defer { POSIXFile.close(output) }

        let compressor: ZlibCompressor
        do {
            compressor = try ZlibCompressor(algorithm: .gzip)
        } catch {
            throw StoreError.compressionFailed(path: source, detail: "\(error)")
        }
        var chunk = ByteBufferAllocator().buffer(capacity: chunkSize)
        var window = ByteBufferAllocator().buffer(capacity: chunkSize)
        let emit: (ByteBuffer) throws -> Void = { compressed in
            try compressed.withUnsafeReadableBytes { try POSIXFile.writeAll(output, $0, path: destination) }
        }
        while true {
            chunk.clear()
            let n = try chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: chunkSize) { raw in
                try POSIXFile.read(input, into: raw, path: source)
            }
            do {
                // The last call has an empty chunk and `.finish`, which writes the gzip trailer.
                try chunk.compressStream(with: compressor, window: &window, flush: n == 0 ? .finish : .no, process: emit)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.compressionFailed(path: source, detail: "\(error)")
            }
            if n == 0 { break }
        }
        try POSIXFile.sync(output, path: destination)
    }

    /// Appends the bytes of `source` to `destination`. Used to add a second gzip member to a day's `.gz`
    /// (gzip readers decompress concatenated members as one stream), so a day never needs two files.
    static func append(_ source: String, to destination: String) throws {
        let input = try POSIXFile.openForReading(source)
        defer { POSIXFile.close(input) }
        let output = try POSIXFile.openForAppend(destination)
        defer { POSIXFile.close(output) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try POSIXFile.read(input, into: $0, path: source) }
            if n == 0 { break }
            try buffer.withUnsafeBytes { try POSIXFile.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<n]), path: destination) }
        }
        try POSIXFile.sync(output, path: destination)
    }
}
