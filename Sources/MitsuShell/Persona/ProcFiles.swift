import Foundation

/// The text of /proc files, in the kernel's own layout (bots parse them with grep/awk/wc).
enum ProcFiles {
    static func render(_ name: String, persona p: Persona) -> String? {
        switch name {
        case "cpuinfo": return cpuinfo(p)
        case "meminfo": return meminfo(p)
        case "uptime":
            let up = p.uptimeSeconds
            return String(format: "%.2f %.2f\n", up, up * Double(p.cpuCount) * 0.97)
        case "version":
            return "Linux version \(p.kernelRelease) (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) \(p.kernelVersion)\n"
        case "mounts": return mounts(p)
        case "loadavg": return "0.08 0.03 0.01 1/\(120 + p.processes.count) \(Int(p.uptimeSeconds) % 30_000 + 1_000)\n"
        case "stat":
            return "cpu  \(Int(p.uptimeSeconds) * 3) 120 \(Int(p.uptimeSeconds)) \(Int(p.uptimeSeconds) * 380) 410 0 95 0 0 0\nbtime \(Int(p.bootTime))\nprocesses \(Int(p.uptimeSeconds) / 40)\nprocs_running 1\nprocs_blocked 0\n"
        case "filesystems": return "nodev\tsysfs\nnodev\ttmpfs\nnodev\tbdev\nnodev\tproc\nnodev\tcgroup2\nnodev\tdevtmpfs\nnodev\tdebugfs\nnodev\tsecurityfs\nnodev\tsockfs\nnodev\tpipefs\nnodev\tdevpts\n\text3\n\text2\n\text4\nnodev\tmqueue\nnodev\tbinfmt_misc\n"
        case "cmdline": return "BOOT_IMAGE=/boot/vmlinuz-\(p.kernelRelease) root=UUID=6d1c2a4e-8b1f-4c43-9a2e-3f0b5e7d9c11 ro quiet\n"
        case "swaps": return "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
        case "partitions": return "major minor  #blocks  name\n\n 254        0   \(p.disks.first?.sizeKB ?? 0) vda\n 254        1   \((p.disks.first?.sizeKB ?? 0) - 1024) vda1\n"
        default: return nil
        }
    }

    static func cpuinfo(_ p: Persona) -> String {
        var out = ""
        for n in 0..<max(1, p.cpuCount) {
            out += """
            processor\t: \(n)
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 79
            model name\t: \(p.cpuModel)
            stepping\t: 1
            microcode\t: 0xb000040
            cpu MHz\t\t: \(p.cpuMHz)
            cache size\t: 35840 KB
            physical id\t: \(n)
            siblings\t: 1
            core id\t\t: 0
            cpu cores\t: 1
            apicid\t\t: \(n)
            initial apicid\t: \(n)
            fpu\t\t: yes
            fpu_exception\t: yes
            cpuid level\t: 13
            wp\t\t: yes
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single pti ssbd ibrs ibpb stibp fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed adx smap xsaveopt arat md_clear arch_capabilities
            bugs\t\t: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs taa itlb_multihit mmio_stale_data retbleed
            bogomips\t: 4799.99
            clflush size\t: 64
            cache_alignment\t: 64
            address sizes\t: 46 bits physical, 48 bits virtual
            power management:


            """
        }
        return out
    }

    /// Free/used figures derived from the persona's total so `free` and /proc/meminfo agree.
    struct Memory {
        let total, free, available, buffers, cached, shared, swapTotal: Int
        var used: Int { total - free - buffers - cached }
    }

    static func memory(_ p: Persona) -> Memory {
        let t = p.memoryKB
        return Memory(total: t, free: t * 58 / 100, available: t * 82 / 100, buffers: t * 2 / 100, cached: t * 21 / 100,
                      shared: t / 200, swapTotal: 0)
    }

    static func meminfo(_ p: Persona) -> String {
        let m = memory(p)
        func line(_ k: String, _ v: Int) -> String {
            let key = k + ":"
            return key.padding(toLength: 16, withPad: " ", startingAt: 0) + String(v).leftPadded(8) + " kB\n"
        }
        return line("MemTotal", m.total) + line("MemFree", m.free) + line("MemAvailable", m.available) + line("Buffers", m.buffers)
            + line("Cached", m.cached) + line("SwapCached", 0) + line("Active", m.total * 17 / 100) + line("Inactive", m.total * 12 / 100)
            + line("SwapTotal", 0) + line("SwapFree", 0) + line("Dirty", 36) + line("Shmem", m.shared)
            + line("Slab", m.total * 3 / 100) + line("CommitLimit", m.total / 2) + line("VmallocTotal", 34_359_738_367)
            + line("HugePages_Total", 0) + line("Hugepagesize", 2048)
    }

    static func mounts(_ p: Persona) -> String {
        var out = "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
        out += "udev /dev devtmpfs rw,nosuid,relatime,size=\(p.memoryKB / 2)k,nr_inodes=\(p.memoryKB / 8),mode=755,inode64 0 0\n"
        out += "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
        out += "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=\(p.memoryKB / 10)k,mode=755,inode64 0 0\n"
        for d in p.disks where d.mount == "/" { out += "\(d.device) / ext4 rw,relatime,errors=remount-ro 0 0\n" }
        out += "tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0\n"
        out += "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"
        return out
    }

    static func netDev(_ p: Persona) -> String {
        var out = "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
        out += "    lo:   51234     612    0    0    0     0          0         0    51234     612    0    0    0     0       0          0\n"
        for i in p.interfaces {
            out += "  \(i.name): \(i.rxBytes) \(i.rxBytes / 900)    0    0    0     0          0         0 \(i.txBytes) \(i.txBytes / 700)    0    0    0     0       0          0\n"
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
