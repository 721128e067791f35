extension Commands {
    /// df [-h] [-T]: coreutils column layout, widths from the widest value.
    static let df = CommandSpec(["df"], in: "/usr/bin", fakeSize: 101_368) { c in
        let (flags, _) = c.splitFlags()
        let human = flags.contains("h") || flags.contains("H")
        var rows: [[String]] = []
        let disks = c.persona.disks + [
            Persona.Disk(device: "udev", fsType: "devtmpfs", sizeKB: c.persona.memoryKB / 2, usedKB: 0, mount: "/dev"),
            Persona.Disk(device: "tmpfs", fsType: "tmpfs", sizeKB: c.persona.memoryKB / 10, usedKB: 548, mount: "/run"),
        ]
        let ordered = [disks[disks.count - 2], disks[disks.count - 1]] + disks.dropLast(2)
        for d in ordered {
            let avail = d.sizeKB - d.usedKB - (d.fsType == "ext4" ? d.sizeKB / 20 : 0)
            let pct = d.sizeKB == 0 ? 0 : (d.usedKB * 100 + (d.usedKB + avail) - 1) / max(1, d.usedKB + avail)
            var row = [d.device]
            if flags.contains("T") { row.append(d.fsType) }
            row += [human ? humanSize(d.sizeKB) : String(d.sizeKB), human ? humanSize(d.usedKB) : String(d.usedKB),
                    human ? humanSize(avail) : String(avail), "\(pct)%", d.mount]
            rows.append(row)
        }
        var header = ["Filesystem"]
        if flags.contains("T") { header.append("Type") }
        header += human ? ["Size", "Used", "Avail", "Use%", "Mounted on"] : ["1K-blocks", "Used", "Available", "Use%", "Mounted on"]
        let all = [header] + rows
        // coreutils' minimum widths: 14 for the source column, 5 for human-readable figures.
        let widths = (0..<header.count).map { k -> Int in
            let widest = all.map { $0[k].count }.max() ?? 0
            if k == 0 { return max(14, widest) }
            return human && k < header.count - 2 && !(flags.contains("T") && k == 1) ? max(5, widest) : widest
        }
        for row in all {
            var line = ""
            for (k, cell) in row.enumerated() {
                if k == 0 || (flags.contains("T") && k == 1) { line += cell.rightPadded(widths[k]) }
                else if k == row.count - 1 { line += cell }
                else { line += cell.leftPadded(widths[k]) }
                if k < row.count - 1 { line += " " }
            }
            c.print(line + "\n")
        }
        return 0
    }

    /// 1K-blocks → `78G`, `5.6G`, `548K` as `df -h`/`ls -lh` print them (one decimal below 10).
    static func humanSize(_ kb: Int) -> String {
        if kb == 0 { return "0" }
        var v = Double(kb)
        var unit = "K"
        for u in ["M", "G", "T"] where v >= 1024 {
            v /= 1024
            unit = u
        }
        if v < 10 {
            let tenths = Int((v * 10).rounded(.up))
            return tenths >= 100 ? "10\(unit)" : "\(tenths / 10).\(tenths % 10)\(unit)"
        }
        return "\(Int(v.rounded(.up)))\(unit)"
    }
}
