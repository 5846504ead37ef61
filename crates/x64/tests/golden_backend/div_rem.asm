; 368 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 368, stack base Some(5), return Scalar, safepoints [359, 366], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x10=IL2 0x5b=IL5 0xa6=IL6 0xb1=IL9 0xc9=IL10 0xd4=IL13 0xec=IL14 0xf7=IL15 0x105=IL17 0x117=IL18 0x12b=IL19 0x13a=IL21 0x143=IL22 0x152=IL23
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     r8,rdx
  0010  mov     rax,rsi
  0013  test    eax,eax
  0015  je      0x162
  001b  mov     rax,rsi
  001e  cmp     eax,0xFFFFFFFF
  0021  sete    al
  0024  movzx   eax,al
  0027  mov     r9,rax
  002a  mov     rax,rdi
  002d  cmp     eax,0x80000000
  0033  sete    al
  0036  movzx   eax,al
  0039  mov     rbx,rax
  003c  mov     rax,r9
  003f  mov     rcx,rbx
  0042  and     eax,ecx
  0044  mov     r12,rax
  0047  test    eax,eax
  0049  jne     0x169
  004f  mov     rax,rdi
  0052  mov     rcx,rsi
  0055  cdq
  0056  idiv    ecx
  0058  mov     r9,rax
  005b  mov     rax,rsi
  005e  test    eax,eax
  0060  je      0x162
  0066  mov     rax,rsi
  0069  cmp     eax,0xFFFFFFFF
  006c  sete    al
  006f  movzx   eax,al
  0072  mov     rbx,rax
  0075  mov     rax,rdi
  0078  cmp     eax,0x80000000
  007e  sete    al
  0081  movzx   eax,al
  0084  mov     r12,rax
  0087  mov     rax,rbx
  008a  mov     rcx,r12
  008d  and     eax,ecx
  008f  mov     r13,rax
  0092  test    eax,eax
  0094  jne     0x169
  009a  mov     rax,rdi
  009d  mov     rcx,rsi
  00a0  cdq
  00a1  idiv    ecx
  00a3  mov     rbx,rdx
  00a6  mov     rax,r9
  00a9  mov     rcx,rbx
  00ac  add     eax,ecx
  00ae  mov     rdi,rax
  00b1  mov     rax,rsi
  00b4  test    eax,eax
  00b6  je      0x162
  00bc  mov     rax,r8
  00bf  mov     rcx,rsi
  00c2  xor     edx,edx
  00c4  div     ecx
  00c6  mov     r9,rax
  00c9  mov     rax,rdi
  00cc  mov     rcx,r9
  00cf  add     eax,ecx
  00d1  mov     rbx,rax
  00d4  mov     rax,rsi
  00d7  test    eax,eax
  00d9  je      0x162
  00df  mov     rax,r8
  00e2  mov     rcx,rsi
  00e5  xor     edx,edx
  00e7  div     ecx
  00e9  mov     rdi,rdx
  00ec  mov     rax,rbx
  00ef  mov     rcx,rdi
  00f2  add     eax,ecx
  00f4  mov     rsi,rax
  00f7  mov     rax,rsi
  00fa  mov     ecx,7
  00ff  cdq
  0100  idiv    ecx
  0102  mov     rdi,rax
  0105  mov     rax,rdi
  0108  cmp     eax,0x80000000
  010e  sete    al
  0111  movzx   eax,al
  0114  mov     rsi,rax
  0117  test    eax,eax
  0119  jne     short 0x169
  011b  mov     rax,rdi
  011e  mov     rcx,0xFFFFFFFFFFFFFFFF
  0125  cdq
  0126  idiv    ecx
  0128  mov     rsi,rdx
  012b  mov     rax,rsi
  012e  mov     ecx,5
  0133  xor     edx,edx
  0135  div     ecx
  0137  mov     rdi,rax
  013a  mov     eax,0
  013f  test    eax,eax
  0141  je      short 0x162
  0143  mov     rax,rdi
  0146  mov     ecx,0
  014b  xor     edx,edx
  014d  div     ecx
  014f  mov     rsi,rdx
  0152  mov     rax,rsi
  0155  mov     eax,eax
  0157  add     rsp,8
  015b  pop     r13
  015d  pop     r12
  015f  pop     rbx
  0160  pop     rbp
  0161  ret
  0162  call    qword ptr [0x168]    ; Rel32 eager cell [1a 26]
  0168  int3
  0169  call    qword ptr [0x16F]    ; Rel32 eager cell [1a 22]
  016f  int3
