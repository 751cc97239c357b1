/** Turkish hijack vocabulary (project-written). Verb-final: the object stands before the verb. */
import type { HijackLexicon } from '../lexicon-shape.js';

export const tr: HijackLexicon = {
  order: 'OV',
  verbs: ['yok say', 'yok sayın', 'yok sayin', 'görmezden gel', 'görmezden gelin', 'unut', 'unutun', 'dikkate alma', 'dikkate almayın', 'boşver', 'boş ver', 'önemseme', 'umursama', 'göz ardı et', 'göz ardı edin', 'uyma', 'uymayın', 'yoksay', 'yoksayın', 'yok sayınız', 'umursamayın', 'önemsemeyin', 'dikkate almayınız', 'unutunuz', 'aldırmayın', 'takmayın', 'boşverin', 'boş verin', 'uymayınız', 'itaat etme', 'itaat etmeyin', 'kulak asma', 'kulak asmayın', 'göz ardı edip', 'yok sayıp', 'unutup', 'görmezden gelip', 'görmezden gelerek', 'yok sayarak', 'geçersiz say', 'geçersiz sayın'],
  weakVerbs: ['atla', 'atlayın', 'es geç', 'baypas et', 'geçersiz kıl', 'sil', 'silin', 'iptal et'],
  fillers: ['ve', 'veya', 'ya da', 'sonra', 'şimdi', 'sadece', 'yalnızca', 'lütfen', 'bu', 'şu', 'o', 'bunu', 'şunu', 'onu', 'bunları', 'için', 'ile', 'de', 'da', 'olarak', 'bunun yerine', 'ki', 'verilen', 'tamamen', 'benim'],
  prior: ['önceki', 'önceden', 'yukarıdaki', 'yukarıda', 'daha önceki', 'orijinal', 'ilk', 'eski', 'sistem', 'tüm', 'bütün', 'her', 'senin', 'sizin', 'şimdiye kadar', 'şu ana kadar', 'evvelki', 'önceden verilen', 'yukarıdakileri', 'yukarıdaki tüm', 'evvelce', 'önce', 'az önceki', 'daha önce', 'geçmiş', 'mevcut', 'belirtilen', 'verilmiş', 'aldığın', 'aldığınız', 'sana verilmiş', 'varsayılan'],
  quants: ['her şey', 'her şeyi', 'hepsini', 'hepsi', 'tümünü', 'ne varsa', 'tümü'],
  instructions: ['talimat*', 'komut*', 'kural*', 'yönerge*', 'emir', 'emirleri', 'emirler*', 'direktif*', 'prompt*', 'istem*', 'kısıtlama*', 'görev*', 'yönlendirme*'],
  strong: ['sistem istemi*', 'sistem promptu*', 'sistem mesajı*', 'sana söylenen*', 'size söylenen*', 'sana verilen talimat*', 'size verilen talimat*', 'sana öğretilen*', 'sana anlatılan*', 'size anlatılan*', 'size öğretilen*', 'sistem talimat*', 'sistem mesaj*', 'sana denilen*', 'size denilen*', 'sana ne söylendiyse', 'size ne söylendiyse', 'sana verilen*', 'size verilen*', 'geliştiricinin talimat*'],
  data: ['belge*', 'doküman*', 'metin*', 'metni', 'içerik*', 'makale*', 'sayfa*', 'web sayfası*', 'site*', 'e-posta*', 'eposta*', 'mail*', 'mesaj*', 'mektub*', 'fonksiyon*', 'işlev*', 'kod*', 'betik*', 'program*', 'dosya*', 'özgeçmiş*', 'cv', 'yorum*', 'paragraf*', 'tablo*', 'veri*', 'girdi*', 'bağlam*', 'soru*', 'resim*', 'görsel*', 'açıklama*', 'rapor*', 'gönderi*', 'transkript*', 'web sitesi*', 'özet*', 'yazıyı', 'yazı'],
  directives: ['söyle', 'söyleyin', 'yaz', 'yazın', 'yanıtla', 'yanıtlayın', 'cevap ver', 'cevap verin', 'cevapla', 'belirt', 'belirtin', 'yazdır', 'göster', 'çıktı ver', 'iddia et', 'beyan et', 'söyleyiniz', 'yazınız', 'yanıt ver', 'yanıt verin', 'deyin', 'gösterin', 'yazdırın', 'ilan et', 'bildir', 'bildirin', 'tekrarla', 'tekrarlayın', 'açıkla', 'açıklayın', 'ifşa et', 'döndür', 'onayla', 'gönder', 'gönderin', 'cevap olarak'],
  cues: ['yapay zekaya not', 'yapay zeka için not', 'sevgili yapay zeka', 'eğer bir yapay zekaysan', 'yapay zekaysan', 'yapay zeka isen', 'yapay zekaya talimat', 'asistana not', 'bir dil modeliysen'],
  actions: ['çağır', 'çağırın', 'çalıştır', 'çalıştırın', 'yürüt', 'kullan', 'kullanın', 'gönder', 'gönderin', 'ilet', 'iletin', 'aktar', 'aktarın', 'yükle', 'aç', 'açın', 'ziyaret et', 'tıkla', 'tıklayın', 'ekle', 'ekleyin', 'dahil et', 'sil', 'silin', 'paylaş', 'onayla', 'öner', 'iste', 'çevir', 'özetle'],
  tags: ['sistem', 'yönetici', 'admin', 'geliştirici'],
  outputs: ['yanıtın*', 'cevabın*'],
  edits: ['ekle', 'ekleyin', 'dahil et', 'dahil edin', 'belirt', 'belirtin', 'değiştir', 'değiştirin', 'çevir', 'çevirin', 'tekrarla', 'tekrarlayın', 'başla', 'başlayın', 'kullan', 'kullanın', 'yaz', 'yazın', 'koy', 'koyun'],
  negations: ['asla', 'hiçbir', 'hiç'],
  vocatives: ['yapay zeka', 'asistan', 'chatbot', 'bot', 'dil modeli'],
};
