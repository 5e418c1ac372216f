# kubectl completion: the scripts load cleanly in the host shell, and
# cobra's hidden __complete answers with candidates and a directive.
source <(kubectl completion bash)
echo $?
echo "source <(kubectl completion bash)" >> ~/.bashrc
cat ~/.bashrc
kubectl completion bash | grep -E "^complete|__start_kubectl\(\)"
kubectl completion zsh | head -2
kubectl completion fish | grep -c __complete
kubectl completion powershell | grep -c Register-ArgumentCompleter
kubectl completion
kubectl completion tcsh
kubectl completion bash zsh
kubectl __complete ro
kubectl __complete get deploy
kubectl __complete describe deployment -n kube-system c
kubectl __complete get pods --show-l
source
source missing.sh
echo "x" > /etc/motd
