// Starts mongo-java-server (a MongoDB-wire-compatible server) for Carnet's embedded database.
// Usage: java -Xmx256m -cp 'lib/*' Launcher.java <memory|h2:/path/to/file.mv> <host> <port>
// Prints "LISTENING <host>:<port>" once bound; exits when its stdin closes, so it never outlives Carnet.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Set;
import org.h2.mvstore.MVStore;

public class Launcher {
  // The backend calls that answer a client: whatever they changed is on disk before the answer leaves.
  private static final Set<String> REQUESTS =
      Set.of("handleCommand", "handleQuery", "handleMessage", "dropDatabase");

  public static void main(String[] args) throws Exception {
    String backendSpec = args.length > 0 ? args[0] : "memory";
    String host = args.length > 1 ? args[1] : "127.0.0.1";
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;

    MongoBackend backend = backendSpec.startsWith("h2:")
        ? committingEachRequest(new H2Backend(backendSpec.substring(3)))
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

  /**
   * The H2 backend commits its MVStore in the background about once a second: a kill -9 (OOM killer,
   * power cut) lost every write acknowledged since. Commit and sync after each request instead, before
   * mongo-java-server writes the reply. The background commit stays on for MVStore's housekeeping.
   */
  private static MongoBackend committingEachRequest(H2Backend h2) {
    MVStore store = h2.getMvStore();
    Object lock = new Object();
    return (MongoBackend) Proxy.newProxyInstance(
        MongoBackend.class.getClassLoader(),
        new Class<?>[] {MongoBackend.class},
        (proxy, method, methodArgs) -> {
          try {
            return method.invoke(h2, methodArgs);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (REQUESTS.contains(method.getName())) commitIfChanged(store, lock);
          }
        });
  }

  // Under one lock: a request whose change another thread is committing waits until it is synced.
  private static void commitIfChanged(MVStore store, Object lock) {
    synchronized (lock) {
      if (!store.hasUnsavedChanges()) return;
      store.commit();
      store.sync();
    }
  }
}
