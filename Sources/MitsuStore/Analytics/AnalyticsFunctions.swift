import GRDB

/// SQL functions the analytics queries need, installed on every reader connection.
enum AnalyticsFunctions {
    /// `mitsu_ip_in(src_ip, 'a.b.c.d/n')`: 1 when the canonical address lies in the block. The block text
    /// is the same for every row of a query, so its parse is cached per connection.
    static func install(on db: Database) {
        let cache = BlockCache()
        db.add(function: DatabaseFunction("mitsu_ip_in", argumentCount: 2, pure: true) { values in
            guard let ip = String.fromDatabaseValue(values[0]), let blockText = String.fromDatabaseValue(values[1]),
                  let block = cache.block(blockText), let address = IPAddress(ip) else { return false }
            return block.contains(address)
        })
    }

    /// One connection runs one statement at a time, so no lock is needed; the class only carries state
    /// into the function's closure.
    private final class BlockCache: @unchecked Sendable {
        private var text = ""
        private var parsed: IPNetwork?

        func block(_ t: String) -> IPNetwork? {
            if t != text {
                text = t
                parsed = IPNetwork(t)
            }
            return parsed
        }
    }
}
