import EntenteSync
import Testing

@testable import EntenteCLI

/// Where discovery settings come from: flags, then the environment, then the defaults.
@Suite struct MeetOptionsTests {
    @Test func defaultsEnvironmentAndFlags() throws {
        let defaults = try DiscoveryOptions.parse([]).configuration([:])
        #expect(defaults == DiscoveryConfiguration())
        #expect(defaults.ipv4Group == "239.255.74.20" && defaults.ipv6Group == "ff02::7420" && defaults.port == 7421)
        #expect(defaults.interface == .automatic)

        let environment = ["ENTENTE_DISCOVERY_GROUP": "239.255.1.2", "ENTENTE_DISCOVERY_PORT": "24000",
                           "ENTENTE_DISCOVERY_INTERFACE": "127.0.0.1", "ENTENTE_DISCOVERY_INTERVAL": "0.5"]
        let fromEnvironment = try DiscoveryOptions.parse([]).configuration(environment)
        #expect(fromEnvironment.ipv4Group == "239.255.1.2" && fromEnvironment.port == 24000)
        #expect(fromEnvironment.interface == .address("127.0.0.1") && fromEnvironment.announceInterval == 0.5)

        let flags = try DiscoveryOptions.parse(["--discovery-group", "ff02::1234", "--discovery-port", "24001", "--discovery-interface", "eth0"])
            .configuration(environment)
        #expect(flags.ipv6Group == "ff02::1234" && flags.ipv4Group == "239.255.74.20")  // the flag wins over the variable; an IPv6 group replaces only the IPv6 one
        #expect(flags.port == 24001 && flags.interface == .named("eth0"))
    }

    @Test func badEnvironmentValuesSayWhatToDo() throws {
        #expect { try DiscoveryOptions.parse([]).configuration(["ENTENTE_DISCOVERY_PORT": "0"]) } throws: {
            "\($0)".contains("ENTENTE_DISCOVERY_PORT='0' is not a UDP port")
        }
        #expect { try DiscoveryOptions.parse([]).configuration(["ENTENTE_DISCOVERY_PORT": "70000"]) } throws: {
            "\($0)".contains("use 1-65535")
        }
        #expect { try DiscoveryOptions.parse([]).configuration(["ENTENTE_DISCOVERY_GROUP": "nope"]) } throws: {
            "\($0)".contains("not a numeric multicast address")
        }
        #expect { try DiscoveryOptions.parse(["--discovery-port", "0"]).configuration([:]) } throws: {
            "\($0)".contains("'--discovery-port' cannot be 0")
        }
    }

    @Test func aServerBoundToOneIPv4AddressAnnouncesOnlyThere() throws {
        let options = try DiscoveryOptions.parse([])
        #expect(try options.configuration(servingOn: "127.0.0.1", [:]).interface == .address("127.0.0.1"))
        #expect(try options.configuration(servingOn: "10.77.0.1", [:]).interface == .address("10.77.0.1"))
        #expect(try options.configuration(servingOn: "::", [:]).interface == .automatic)
        #expect(try options.configuration(servingOn: "0.0.0.0", [:]).interface == .automatic)
        // An explicit choice wins.
        #expect(try DiscoveryOptions.parse(["--discovery-interface", "eth0"]).configuration(servingOn: "127.0.0.1", [:]).interface == .named("eth0"))
        #expect(try options.configuration(servingOn: "127.0.0.1", ["ENTENTE_DISCOVERY_INTERFACE": "wlan0"]).interface == .named("wlan0"))
    }
}
