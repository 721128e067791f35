import Foundation

extension Commands {
    /// ip addr|a, ip link, ip route|r (iproute2 6.1 layout).
    static let ip = CommandSpec(["ip"], in: "/usr/bin", fakeSize: 767_664) { c in
        let p = c.persona
        let object = c.args.first(where: { !$0.hasPrefix("-") }) ?? ""
        switch object {
        case "a", "addr", "address", "link", "l":
            let link = object.hasPrefix("l")
            c.print("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n")
            if !link { c.print("    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host noprefixroute \n       valid_lft forever preferred_lft forever\n") }
            for (k, i) in p.interfaces.enumerated() {
                c.print("\(k + 2): \(i.name): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n    link/ether \(i.mac) brd ff:ff:ff:ff:ff:ff\n")
                if !link {
                    c.print("    altname enp0s\(k + 3)\n    inet \(i.ipv4)/\(i.prefix) brd \(broadcast(i.ipv4, i.prefix)) scope global dynamic \(i.name)\n       valid_lft 85914sec preferred_lft 85914sec\n    inet6 \(linkLocal(i.mac))/64 scope link \n       valid_lft forever preferred_lft forever\n")
                }
            }
        case "r", "route", "ro":
            if let i = p.interfaces.first {
                let gw = i.ipv4.split(separator: ".").prefix(3).joined(separator: ".") + ".1"
                let net = i.ipv4.split(separator: ".").prefix(3).joined(separator: ".") + ".0"
                c.print("default via \(gw) dev \(i.name) \nnet \(net)/\(i.prefix) dev \(i.name) proto kernel scope link src \(i.ipv4) \n".replacingOccurrences(of: "\nnet ", with: "\n"))
            }
        case "":
            c.error("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n")
            return 255
        default:
            c.error("Object \"\(object)\" is unknown, try \"ip help\".\n")
            return 255
        }
        return 0
    }
}
