// [MethodImpl(MethodImplOptions.Synchronized)] instance methods: the body
// runs holding the monitor of `this` (four threads doing non-atomic
// read-modify-write updates lose none), the monitor is released on every
// return (values of each kind) and when an exception leaves the method
// (thrown directly, from a callee, from a catch handler, after a finally),
// it is re-entrant (recursion), and user try/catch/finally inside still
// work; references stay valid while the GC runs. A static synchronized
// method (it locks the class) is left to the JIT.
//
// kiln-expect-compiled: Account:Deposit(
// kiln-expect-compiled: Account:Balance(
// kiln-expect-compiled: Account:Name(
// kiln-expect-compiled: Account:Ratio(
// kiln-expect-compiled: Account:Touch(
// kiln-expect-compiled: Account:Fail(
// kiln-expect-compiled: Account:FailInCallee(
// kiln-expect-compiled: Account:RethrowFromCatch(
// kiln-expect-compiled: Account:WithFinally(
// kiln-expect-compiled: Account:Caught(
// kiln-expect-compiled: Account:Nested(
// kiln-expect-compiled: Account:Held(
// kiln-expect-compiled: Account:Pick(
// kiln-expect-compiled: Synchronized:Work(
using System;
using System.Runtime.CompilerServices;
using System.Threading;

class Account
{
    long balance;
    int touches;
    string name = "acct";
    public int Log;

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void Deposit(int amount)
    {
        long b = balance;
        if ((b & 1023) == 0)
            Thread.Yield();
        balance = b + amount;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public long Balance()
    {
        return balance;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public string Name(int k)
    {
        string s = name + ":" + k;
        object junk = new int[16];
        return junk != null ? s : null;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public double Ratio(double d)
    {
        return balance / d;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void Touch()
    {
        touches++;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int Fail(int x)
    {
        if (x > 0)
            throw new InvalidOperationException("fail " + x);
        return -x;
    }

    static void Boom(int x)
    {
        throw new ArgumentException("boom " + x);
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void FailInCallee(int x)
    {
        Log++;
        Boom(x);
        Log += 100;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void RethrowFromCatch(int x)
    {
        try
        {
            Boom(x);
        }
        catch (ArgumentException e)
        {
            Log++;
            throw new InvalidOperationException("from catch: " + e.Message);
        }
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int WithFinally(int x)
    {
        try
        {
            if (x == 0)
                throw new DivideByZeroException();
            return 10 / x;
        }
        finally
        {
            Log += 1000;
        }
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int Caught(int x)
    {
        int r = 0;
        try
        {
            r = 100 / x;
        }
        catch (DivideByZeroException)
        {
            r = -1;
        }
        return r + (Monitor.IsEntered(this) ? 1000 : 0);
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int Nested(int depth)
    {
        if (depth == 0)
            return Monitor.IsEntered(this) ? 1 : 0;
        return Nested(depth - 1) + 1;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public bool Held()
    {
        return Monitor.IsEntered(this);
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int Pick(int a)
    {
        if (a < 0)
            return -1;
        if (a == 0)
            return 0;
        for (int i = 0; i < a; i++)
        {
            if (i * i > a)
                return i;
        }
        return a;
    }

    public int Touches { get { return touches; } }

    static int statics;

    [MethodImpl(MethodImplOptions.Synchronized)]
    public static int StaticBump()
    {
        return ++statics;
    }
}

class Synchronized
{
    static Account shared = new Account();

    static void Work()
    {
        for (int i = 0; i < 20000; i++)
        {
            shared.Deposit(1);
            if (i % 100 == 0)
            {
                shared.Touch();
                string s = shared.Name(i);
                if (s.Length < 5)
                    throw new Exception("bad name");
            }
        }
    }

    static int Main()
    {
        int fails = 0;
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.Length; i++)
        {
            ts[i] = new Thread(Work);
            ts[i].Start();
        }
        foreach (Thread t in ts)
            t.Join();
        Console.WriteLine("balance = " + shared.Balance() + ", touches = " + shared.Touches);
        if (shared.Balance() != 80000 || shared.Touches != 800) fails++;
        Console.WriteLine("Ratio = " + shared.Ratio(3.0));

        Account a = new Account();
        Console.WriteLine("Held = " + a.Held() + ", after: " + Monitor.IsEntered(a));
        if (Monitor.IsEntered(a)) fails++;
        Console.WriteLine("Fail(0) = " + a.Fail(0));
        for (int k = 1; k <= 3; k++)
        {
            try
            {
                a.Fail(k);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine("caught " + e.Message + ", held: " + Monitor.IsEntered(a));
                if (Monitor.IsEntered(a)) fails++;
            }
            try
            {
                a.FailInCallee(k);
            }
            catch (ArgumentException e)
            {
                Console.WriteLine("caught " + e.Message + ", held: " + Monitor.IsEntered(a));
                if (Monitor.IsEntered(a)) fails++;
            }
            try
            {
                a.RethrowFromCatch(k);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine("caught " + e.Message + ", held: " + Monitor.IsEntered(a));
                if (Monitor.IsEntered(a)) fails++;
            }
        }
        Console.WriteLine("WithFinally(5) = " + a.WithFinally(5));
        try
        {
            a.WithFinally(0);
        }
        catch (DivideByZeroException)
        {
            Console.WriteLine("caught DivideByZeroException, held: " + Monitor.IsEntered(a));
            if (Monitor.IsEntered(a)) fails++;
        }
        Console.WriteLine("Caught(4) = " + a.Caught(4) + ", Caught(0) = " + a.Caught(0));
        Console.WriteLine("Nested(5) = " + a.Nested(5) + ", held: " + Monitor.IsEntered(a));
        Console.WriteLine("Pick = " + a.Pick(-3) + " " + a.Pick(0) + " " + a.Pick(50) + " " + a.Pick(1));
        Console.WriteLine("Log = " + a.Log);
        // Another thread can take the monitor after all that.
        bool taken = false;
        Thread other = new Thread(() => { taken = Monitor.TryEnter(a, 5000); if (taken) Monitor.Exit(a); });
        other.Start();
        other.Join();
        Console.WriteLine("other thread took it: " + taken);
        if (!taken) fails++;
        Console.WriteLine("StaticBump = " + Account.StaticBump() + " " + Account.StaticBump());
        Console.WriteLine(fails == 0 ? "ok" : "FAIL " + fails);
        return fails == 0 ? 100 : 1;
    }
}
