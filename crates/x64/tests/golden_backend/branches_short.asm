; 162 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 162, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL1 0x8=IL4 0xc=IL6 0xe=IL10 0x12=IL14 0x16=IL18 0x1a=IL22 0x1e=IL26 0x22=IL30 0x26=IL34 0x2a=IL38 0x2e=IL42 0x32=IL46 0x36=IL48 0x3f=IL50 0x48=IL52 0x51=IL54 0x5a=IL56 0x63=IL58 0x6c=IL60 0x75=IL62 0x7e=IL64 0x87=IL66 0x90=IL69 0x99=IL72
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  test    edi,edi
  0006  je      short 0x3F
  0008  test    edi,edi
  000a  jne     short 0xE
  000c  jmp     short 0x3F
  000e  cmp     edi,esi
  0010  je      short 0x48
  0012  cmp     edi,esi
  0014  jge     short 0x51
  0016  cmp     edi,esi
  0018  jg      short 0x5A
  001a  cmp     edi,esi
  001c  jle     short 0x63
  001e  cmp     edi,esi
  0020  jl      short 0x6C
  0022  cmp     edi,esi
  0024  jne     short 0x75
  0026  cmp     edi,esi
  0028  jae     short 0x7E
  002a  cmp     edi,esi
  002c  ja      short 0x87
  002e  cmp     edi,esi
  0030  jbe     short 0x90
  0032  cmp     edi,esi
  0034  jb      short 0x99
  0036  mov     eax,0
  003b  mov     eax,eax
  003d  pop     rbp
  003e  ret
  003f  mov     eax,1
  0044  mov     eax,eax
  0046  pop     rbp
  0047  ret
  0048  mov     eax,2
  004d  mov     eax,eax
  004f  pop     rbp
  0050  ret
  0051  mov     eax,3
  0056  mov     eax,eax
  0058  pop     rbp
  0059  ret
  005a  mov     eax,4
  005f  mov     eax,eax
  0061  pop     rbp
  0062  ret
  0063  mov     eax,5
  0068  mov     eax,eax
  006a  pop     rbp
  006b  ret
  006c  mov     eax,6
  0071  mov     eax,eax
  0073  pop     rbp
  0074  ret
  0075  mov     eax,7
  007a  mov     eax,eax
  007c  pop     rbp
  007d  ret
  007e  mov     eax,8
  0083  mov     eax,eax
  0085  pop     rbp
  0086  ret
  0087  mov     eax,9
  008c  mov     eax,eax
  008e  pop     rbp
  008f  ret
  0090  mov     eax,0xA
  0095  mov     eax,eax
  0097  pop     rbp
  0098  ret
  0099  mov     eax,0xB
  009e  mov     eax,eax
  00a0  pop     rbp
  00a1  ret
