; 228 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 228, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0xb=IL4 0x12=IL6 0x14=IL10 0x1e=IL14 0x28=IL18 0x32=IL22 0x3c=IL26 0x46=IL30 0x50=IL34 0x5a=IL38 0x64=IL42 0x6e=IL46 0x78=IL48 0x81=IL50 0x8a=IL52 0x93=IL54 0x9c=IL56 0xa5=IL58 0xae=IL60 0xb7=IL62 0xc0=IL64 0xc9=IL66 0xd2=IL69 0xdb=IL72
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     rax,rdi
  0007  test    eax,eax
  0009  je      short 0x81
  000b  mov     rax,rdi
  000e  test    eax,eax
  0010  jne     short 0x14
  0012  jmp     short 0x81
  0014  mov     rax,rdi
  0017  mov     rcx,rsi
  001a  cmp     eax,ecx
  001c  je      short 0x8A
  001e  mov     rax,rdi
  0021  mov     rcx,rsi
  0024  cmp     eax,ecx
  0026  jge     short 0x93
  0028  mov     rax,rdi
  002b  mov     rcx,rsi
  002e  cmp     eax,ecx
  0030  jg      short 0x9C
  0032  mov     rax,rdi
  0035  mov     rcx,rsi
  0038  cmp     eax,ecx
  003a  jle     short 0xA5
  003c  mov     rax,rdi
  003f  mov     rcx,rsi
  0042  cmp     eax,ecx
  0044  jl      short 0xAE
  0046  mov     rax,rdi
  0049  mov     rcx,rsi
  004c  cmp     eax,ecx
  004e  jne     short 0xB7
  0050  mov     rax,rdi
  0053  mov     rcx,rsi
  0056  cmp     eax,ecx
  0058  jae     short 0xC0
  005a  mov     rax,rdi
  005d  mov     rcx,rsi
  0060  cmp     eax,ecx
  0062  ja      short 0xC9
  0064  mov     rax,rdi
  0067  mov     rcx,rsi
  006a  cmp     eax,ecx
  006c  jbe     short 0xD2
  006e  mov     rax,rdi
  0071  mov     rcx,rsi
  0074  cmp     eax,ecx
  0076  jb      short 0xDB
  0078  mov     eax,0
  007d  mov     eax,eax
  007f  pop     rbp
  0080  ret
  0081  mov     eax,1
  0086  mov     eax,eax
  0088  pop     rbp
  0089  ret
  008a  mov     eax,2
  008f  mov     eax,eax
  0091  pop     rbp
  0092  ret
  0093  mov     eax,3
  0098  mov     eax,eax
  009a  pop     rbp
  009b  ret
  009c  mov     eax,4
  00a1  mov     eax,eax
  00a3  pop     rbp
  00a4  ret
  00a5  mov     eax,5
  00aa  mov     eax,eax
  00ac  pop     rbp
  00ad  ret
  00ae  mov     eax,6
  00b3  mov     eax,eax
  00b5  pop     rbp
  00b6  ret
  00b7  mov     eax,7
  00bc  mov     eax,eax
  00be  pop     rbp
  00bf  ret
  00c0  mov     eax,8
  00c5  mov     eax,eax
  00c7  pop     rbp
  00c8  ret
  00c9  mov     eax,9
  00ce  mov     eax,eax
  00d0  pop     rbp
  00d1  ret
  00d2  mov     eax,0xA
  00d7  mov     eax,eax
  00d9  pop     rbp
  00da  ret
  00db  mov     eax,0xB
  00e0  mov     eax,eax
  00e2  pop     rbp
  00e3  ret
