; 263 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 263, stack base Some(5), return Scalar, safepoints [254, 261], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0xa=IL2 0x41=IL5 0x77=IL6 0x7a=IL9 0x8b=IL10 0x8e=IL13 0x9f=IL14 0xa2=IL15 0xb0=IL17 0xb8=IL18 0xc8=IL19 0xd7=IL21 0xe0=IL22 0xef=IL23
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     r8,rdx
  000a  test    esi,esi
  000c  je      0xF9
  0012  cmp     esi,0xFFFFFFFF
  0015  sete    r9b
  0019  movzx   r9d,r9b
  001d  cmp     edi,0x80000000
  0023  sete    bl
  0026  movzx   ebx,bl
  0029  and     r9d,ebx
  002c  test    r9d,r9d
  002f  jne     0x100
  0035  mov     rax,rdi
  0038  mov     rcx,rsi
  003b  cdq
  003c  idiv    ecx
  003e  mov     r9,rax
  0041  test    esi,esi
  0043  je      0xF9
  0049  cmp     esi,0xFFFFFFFF
  004c  sete    bl
  004f  movzx   ebx,bl
  0052  cmp     edi,0x80000000
  0058  sete    r12b
  005c  movzx   r12d,r12b
  0060  and     ebx,r12d
  0063  test    ebx,ebx
  0065  jne     0x100
  006b  mov     rax,rdi
  006e  mov     rcx,rsi
  0071  cdq
  0072  idiv    ecx
  0074  mov     rbx,rdx
  0077  add     r9d,ebx
  007a  test    esi,esi
  007c  je      short 0xF9
  007e  mov     rax,r8
  0081  mov     rcx,rsi
  0084  xor     edx,edx
  0086  div     ecx
  0088  mov     rdi,rax
  008b  add     r9d,edi
  008e  test    esi,esi
  0090  je      short 0xF9
  0092  mov     rax,r8
  0095  mov     rcx,rsi
  0098  xor     edx,edx
  009a  div     ecx
  009c  mov     rdi,rdx
  009f  add     r9d,edi
  00a2  mov     rax,r9
  00a5  mov     ecx,7
  00aa  cdq
  00ab  idiv    ecx
  00ad  mov     rsi,rax
  00b0  cmp     esi,0x80000000
  00b6  je      short 0x100
  00b8  mov     rax,rsi
  00bb  mov     rcx,0xFFFFFFFFFFFFFFFF
  00c2  cdq
  00c3  idiv    ecx
  00c5  mov     rdi,rdx
  00c8  mov     rax,rdi
  00cb  mov     ecx,5
  00d0  xor     edx,edx
  00d2  div     ecx
  00d4  mov     rsi,rax
  00d7  mov     eax,0
  00dc  test    eax,eax
  00de  je      short 0xF9
  00e0  mov     rax,rsi
  00e3  mov     ecx,0
  00e8  xor     edx,edx
  00ea  div     ecx
  00ec  mov     rdi,rdx
  00ef  mov     rax,rdi
  00f2  mov     eax,eax
  00f4  pop     r12
  00f6  pop     rbx
  00f7  pop     rbp
  00f8  ret
  00f9  call    qword ptr [0xFF]    ; Rel32 eager cell [1a 26]
  00ff  int3
  0100  call    qword ptr [0x106]    ; Rel32 eager cell [1a 22]
  0106  int3
