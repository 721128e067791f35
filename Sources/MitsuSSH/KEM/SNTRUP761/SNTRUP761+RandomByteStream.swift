// How randomness reaches the KEM. The reference asks for bytes
// (`randombytes`), reading 32-bit words as 4 little-endian bytes. A Swift
// RandomNumberGenerator yields 64-bit values, so each `next()` is treated as
// 8 little-endian bytes of one continuous byte stream, consumed in the same
// order and amounts as the reference consumes `randombytes`. With a
// deterministic generator that makes outputs reproducible, and comparable to
// the reference fed the same bytes.

extension SNTRUP761 {
    struct RandomByteStream<Generator: RandomNumberGenerator> {
        private(set) var generator: Generator
        private var pending: UInt64 = 0
        private var pendingCount = 0

        init(_ generator: Generator) {
            self.generator = generator
        }

        mutating func nextByte() -> UInt8 {
            if pendingCount == 0 {
                pending = generator.next()
                pendingCount = 8
            }
            let byte = UInt8(truncatingIfNeeded: pending)
            pending >>= 8
            pendingCount -= 1
            return byte
        }

        mutating func bytes(_ count: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: count)
            for i in 0..<count { result[i] = nextByte() }
            return result
        }

        mutating func littleEndianWords(_ count: Int) -> [UInt32] {
            var result = [UInt32](repeating: 0, count: count)
            for i in 0..<count {
                var word: UInt32 = 0
                for shift in stride(from: 0, to: 32, by: 8) {
                    word |= UInt32(nextByte()) << UInt32(shift)
                }
                result[i] = word
            }
            return result
        }
    }
}
