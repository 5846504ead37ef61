using System;
static class E {
    static int Div(int a, int b) { return a / b; }
    static int Deep(int a, int b, int depth) { if (depth == 0) return Div(a, b); return Deep(a, b, depth - 1) + 1; }
    static long Mod(long a, long b) { return a % b; }
    static int Main() {
        int caught = 0;
        try { Deep(1, 0, 5); } catch (DivideByZeroException) { caught++; }
        try { Div(int.MinValue, -1); } catch (OverflowException) { caught++; }
        try { Mod(5, 0); } catch (DivideByZeroException) { caught++; }
        if (Deep(84, 2, 3) != 45) return 1;
        Console.WriteLine(caught);
        return caught == 3 ? 100 : caught;
    }
}
