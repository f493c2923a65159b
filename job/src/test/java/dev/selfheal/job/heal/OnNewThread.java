package dev.selfheal.job.heal;

/**
 * Runs test code on a fresh thread and waits for it: for what a thread's own scheduling priority
 * changes, so that the surefire thread keeps its nice value. What the code throws is rethrown here.
 */
final class OnNewThread {
    interface Body {
        void run() throws Exception;
    }

    private OnNewThread() {}

    static void run(Body body) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
    }
}
