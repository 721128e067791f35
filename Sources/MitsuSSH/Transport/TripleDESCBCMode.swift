/// 3DES in cipher block chaining mode (RFC 4253 §6.3 `3des-cbc`): 8-byte blocks, the chaining block runs
/// on across packets.
struct TripleDESCBCMode: BlockMode {
    private let cipher: TripleDES?
    private var chain: UInt64
    var blockSize: Int { 8 }

    init(key: [UInt8], iv: [UInt8]) {
        cipher = TripleDES(key: Array(key.prefix(24)))
        chain = DES.load(iv.prefix(8))
    }

    mutating func encrypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard let cipher, data.count % 8 == 0 else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var i = data.startIndex
        while i < data.endIndex {
            chain = cipher.encrypt(DES.load(data[i..<(i + 8)]) ^ chain)
            out += DES.store(chain)
            i += 8
        }
        return out
    }

    mutating func decrypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard let cipher, data.count % 8 == 0 else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var i = data.startIndex
        while i < data.endIndex {
            let block = DES.load(data[i..<(i + 8)])
            out += DES.store(cipher.decrypt(block) ^ chain)
            chain = block
            i += 8
        }
        return out
    }
}
