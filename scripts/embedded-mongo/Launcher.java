// Starts mongo-java-server (a MongoDB-wire-compatible server) for Carnet's embedded database.
// Usage: java -cp 'lib/*' Launcher.java <memory|h2:/path/to/file.mv> <host> <port>
// Prints "LISTENING <host>:<port>" once bound; exits when its stdin closes, so it never outlives Carnet.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

public class Launcher {
  public static void main(String[] args) throws Exception {
    String backendSpec = args.length > 0 ? args[0] : "memory";
    String host = args.length > 1 ? args[1] : "127.0.0.1";
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;

    MongoBackend backend = backendSpec.startsWith("h2:")
        ? new H2Backend(backendSpec.substring(3))
        : new MemoryBackend();
    MongoServer server = new MongoServer(backend);
    server.bind(new InetSocketAddress(host, port));
    InetSocketAddress address = server.getLocalAddress();
    System.out.println("LISTENING " + address.getHostString() + ":" + address.getPort());
    System.out.flush();

    Runnable stop = () -> {
      server.shutdownNow();
      backend.close();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop));
    // The parent keeps our stdin open; EOF means it is gone.
    while (System.in.read() != -1) {
      // ignore input
    }
    System.exit(0);
  }
}
