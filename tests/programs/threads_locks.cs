// Threads with deterministic results: Thread start/join, lock (Monitor),
// Interlocked, Monitor.Wait/Pulse producer-consumer, volatile flags,
// exceptions inside threads caught there, ThreadLocal-free partitioning.
using System;
using System.Collections.Generic;
using System.Threading;

class Counter
{
    readonly object gate = new object();
    long value;
    public void Add(long v) { lock (gate) { value += v; } }
    public long Value { get { lock (gate) { return value; } } }
}

class BoundedQueue
{
    readonly Queue<int> items = new Queue<int>();
    readonly int capacity;
    bool closed;
    public BoundedQueue(int capacity) { this.capacity = capacity; }

    public void Put(int v)
    {
        lock (items)
        {
            while (items.Count == capacity) Monitor.Wait(items);
            items.Enqueue(v);
            Monitor.PulseAll(items);
        }
    }

    public void Close() { lock (items) { closed = true; Monitor.PulseAll(items); } }

    public bool Take(out int v)
    {
        lock (items)
        {
            while (items.Count == 0 && !closed) Monitor.Wait(items);
            if (items.Count == 0) { v = 0; return false; }
            v = items.Dequeue();
            Monitor.PulseAll(items);
            return true;
        }
    }
}

static class ThreadsLocks
{
    static int failures;
    static int interlockedCount;
    static long interlockedSum;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Main()
    {
        const int T = 4, N = 20000;

        var counter = new Counter();
        var threads = new Thread[T];
        for (int t = 0; t < T; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < N; i++)
                {
                    counter.Add(id + 1);
                    Interlocked.Increment(ref interlockedCount);
                    Interlocked.Add(ref interlockedSum, i);
                }
            });
        }
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Check(counter.Value == (long)N * (1 + 2 + 3 + 4), "lock counter " + counter.Value);
        Check(interlockedCount == T * N, "Interlocked.Increment");
        Check(interlockedSum == (long)T * N * (N - 1) / 2, "Interlocked.Add");

        int cas = 0;
        Check(Interlocked.CompareExchange(ref cas, 5, 0) == 0 && cas == 5, "CompareExchange success");
        Check(Interlocked.CompareExchange(ref cas, 7, 0) == 5 && cas == 5, "CompareExchange failure");
        Check(Interlocked.Exchange(ref cas, 9) == 5 && cas == 9, "Exchange");

        // Producer/consumer with Monitor.Wait/Pulse; result independent of scheduling.
        var queue = new BoundedQueue(8);
        long consumed = 0;
        int consumedCount = 0;
        var consumers = new Thread[2];
        for (int c = 0; c < consumers.Length; c++)
        {
            consumers[c] = new Thread(() =>
            {
                int v;
                long local = 0; int n = 0;
                while (queue.Take(out v)) { local += v; n++; }
                Interlocked.Add(ref consumed, local);
                Interlocked.Add(ref consumedCount, n);
            });
            consumers[c].Start();
        }
        var producer = new Thread(() => { for (int i = 1; i <= 5000; i++) queue.Put(i); queue.Close(); });
        producer.Start();
        producer.Join();
        foreach (var c in consumers) c.Join();
        Check(consumed == 5000L * 5001 / 2 && consumedCount == 5000, "producer/consumer " + consumed);

        // Partitioned work: each thread writes its own slice.
        int[] squares = new int[10000];
        var workers = new Thread[T];
        for (int t = 0; t < T; t++)
        {
            int start = t * squares.Length / T, end = (t + 1) * squares.Length / T;
            workers[t] = new Thread(() => { for (int i = start; i < end; i++) squares[i] = i * i % 1009; });
            workers[t].Start();
        }
        foreach (var w in workers) w.Join();
        long sq = 0;
        for (int i = 0; i < squares.Length; i++) sq += squares[i];
        long expect = 0;
        for (int i = 0; i < squares.Length; i++) expect += i * i % 1009;
        Check(sq == expect, "partitioned work");

        // An exception handled inside a thread.
        string caught = null;
        var thrower = new Thread(() =>
        {
            try { throw new InvalidOperationException("in thread"); }
            catch (InvalidOperationException e) { caught = e.Message; }
        });
        thrower.Start();
        thrower.Join();
        Check(caught == "in thread", "exception in thread");

        // Nested and re-entrant locks.
        object a = new object(), b = new object();
        int depth = 0;
        lock (a) { lock (b) { lock (a) { depth = 3; } } }
        Check(depth == 3 && !Monitor.IsEntered(a), "re-entrant lock released");
        bool taken = false;
        Monitor.TryEnter(b, ref taken);
        Check(taken, "TryEnter");
        if (taken) Monitor.Exit(b);

        Console.WriteLine("counter " + counter.Value + " sum " + interlockedSum + " consumed " + consumed);
        Console.WriteLine(failures == 0 ? "threads_locks ok" : "threads_locks FAILED");
        return failures == 0 ? 100 : 1;
    }
}
