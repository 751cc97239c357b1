/** Turkish hijack vocabulary (project-written). Verb-final: the object stands before the verb. */
import type { HijackLexicon } from '../lexicon.js';

export const tr: HijackLexicon = {
  order: 'OV',
  verbs: ['yok say', 'yok sayın', 'yok sayin', 'görmezden gel', 'görmezden gelin', 'unut', 'unutun', 'dikkate alma', 'dikkate almayın', 'boşver', 'boş ver', 'önemseme', 'umursama', 'göz ardı et', 'göz ardı edin', 'uyma', 'uymayın'],
  weakVerbs: ['atla', 'atlayın', 'es geç', 'baypas et', 'geçersiz kıl', 'sil', 'silin', 'iptal et'],
  fillers: ['ve', 'veya', 'ya da', 'sonra', 'şimdi', 'sadece', 'yalnızca', 'lütfen', 'bu', 'şu', 'o', 'bunu', 'şunu', 'onu', 'bunları', 'için', 'ile', 'de', 'da', 'olarak', 'bunun yerine', 'ki', 'verilen', 'tamamen', 'benim'],
  prior: ['önceki', 'önceden', 'yukarıdaki', 'yukarıda', 'daha önceki', 'orijinal', 'ilk', 'eski', 'sistem', 'tüm', 'bütün', 'her', 'senin', 'sizin', 'şimdiye kadar', 'şu ana kadar', 'evvelki'],
  quants: ['her şey', 'her şeyi', 'hepsini', 'hepsi', 'tümünü'],
  instructions: ['talimat*', 'komut*', 'kural*', 'yönerge*', 'emir', 'emirleri', 'emirler*', 'direktif*', 'prompt*', 'istem*', 'kısıtlama*', 'görev*', 'yönlendirme*'],
  strong: ['sistem istemi*', 'sistem promptu*', 'sistem mesajı*', 'sana söylenen*', 'size söylenen*', 'sana verilen talimat*', 'size verilen talimat*', 'sana öğretilen*'],
  data: ['belge*', 'doküman*', 'metin*', 'metni', 'içerik*', 'makale*', 'sayfa*', 'web sayfası*', 'site*', 'e-posta*', 'eposta*', 'mail*', 'mesaj*', 'mektub*', 'fonksiyon*', 'işlev*', 'kod*', 'betik*', 'program*', 'dosya*', 'özgeçmiş*', 'cv', 'yorum*', 'paragraf*', 'tablo*', 'veri*', 'girdi*', 'bağlam*', 'soru*'],
  directives: ['söyle', 'söyleyin', 'yaz', 'yazın', 'yanıtla', 'yanıtlayın', 'cevap ver', 'cevap verin', 'cevapla', 'belirt', 'belirtin', 'yazdır', 'göster', 'çıktı ver', 'iddia et', 'beyan et'],
  cues: ['yapay zekaya not', 'yapay zeka için not', 'sevgili yapay zeka', 'eğer bir yapay zekaysan', 'yapay zekaysan', 'yapay zeka isen', 'yapay zekaya talimat', 'asistana not', 'bir dil modeliysen'],
  vocatives: ['yapay zeka', 'asistan', 'chatbot', 'bot', 'dil modeli'],
};
